import * as path from 'path';
import { isScalar, type Scalar } from 'yaml';
import { asArray, asMap } from '../kube/objects';
import { findNode, locateInDocument } from '../yaml/locate';
import { parseFile, type ParsedDocument, type ParsedFile, type PlainMap } from '../yaml/model';
import type { NodePath, Range } from '../types';

/** A place in a file the user edits. */
export interface SourceLocation {
  path: string;
  range: Range;
}

/** A field spelled out in a file the user edits (a values file, a strategic-merge patch): a fix of it edits that file there. */
export interface SourceField {
  file: ParsedFile;
  document: ParsedDocument;
  path: NodePath;
}

/** Where a patch set a field; `field` when the patch is a file of strategic-merge YAML (not inline, not JSON 6902). */
export interface PatchLocation extends SourceLocation {
  field?: SourceField;
}

/** Reads and parses a workspace file (an editor buffer when open); undefined when it cannot be read. */
export type FileReader = (filePath: string) => ParsedFile | undefined;

interface PatchEntry {
  /** The patch file, or the kustomization for an inline patch. */
  file: ParsedFile;
  /** Where in the kustomization an inline patch's text is, to move its positions there. */
  inline?: { node: Scalar; kustomization: ParsedFile };
  targetKind?: string;
}

/**
 * Where a field of a built object was set by a patch or an `images:` entry of the kustomizations
 * that transformed it (the outermost first: the last patch applied wins). Undefined when no patch
 * spells out the whole path: the field then comes from the resource file.
 */
export function patchLocation(object: PlainMap, fieldPath: NodePath, kustomizations: readonly string[], read: FileReader): PatchLocation | undefined {
  for (const kustomizationPath of [...kustomizations].reverse()) {
    const kustomization = read(kustomizationPath);
    const document = kustomization?.documents.find((entry) => asMap(entry.value));
    if (!kustomization || !document) continue;
    const value = asMap(document.value)!;
    const image = imageEntryLocation(kustomization, value, object, fieldPath);
    if (image) return image;
    for (const entry of patchEntries(kustomization, value, read).reverse()) {
      if (entry.targetKind && entry.targetKind !== object.kind) continue;
      const found = locateInPatch(entry, object, fieldPath);
      if (found) return found;
    }
  }
  return undefined;
}

function patchEntries(kustomization: ParsedFile, value: PlainMap, read: FileReader): PatchEntry[] {
  const dir = path.dirname(kustomization.path);
  const entries: PatchEntry[] = [];
  const add = (listKey: string, entry: unknown, index: number) => {
    const map = asMap(entry);
    const target = asMap(map?.target);
    const targetKind = typeof target?.kind === 'string' ? target.kind : undefined;
    const file = typeof entry === 'string' ? entry : map?.path;
    if (typeof file === 'string' && !file.includes('\n')) {
      const parsed = read(path.resolve(dir, file));
      if (parsed) entries.push({ file: parsed, targetKind });
      return;
    }
    const inlinePath = typeof entry === 'string' ? [listKey, index] : [listKey, index, 'patch'];
    const document = kustomization.documents.find((candidate) => asMap(candidate.value));
    const node = document ? findNode(document, inlinePath).node : null;
    if (isScalar(node) && typeof node.value === 'string') {
      entries.push({ file: parseFile(`${kustomization.path}#${listKey}[${index}]`, node.value), inline: { node, kustomization }, targetKind });
    }
  };
  for (const key of ['patchesStrategicMerge', 'patchesJson6902', 'patches']) asArray(value[key]).forEach((entry, index) => add(key, entry, index));
  return entries;
}

function locateInPatch(entry: PatchEntry, object: PlainMap, fieldPath: NodePath): PatchLocation | undefined {
  for (const document of [...entry.file.documents].reverse()) {
    const isJsonPatch = Array.isArray(document.value);
    const patchPath = isJsonPatch ? jsonPatchPath(document.value as unknown[], fieldPath) : strategicMergePath(document.value, object, fieldPath);
    if (!patchPath) continue;
    const { range } = locateInDocument(entry.file, document, patchPath);
    if (entry.inline) return inlineLocation(entry.inline, range);
    return { path: entry.file.path, range, field: isJsonPatch ? undefined : { file: entry.file, document, path: patchPath } };
  }
  return undefined;
}

/** The path inside a JSON 6902 patch of the op that wrote the field (or an ancestor of it): `[i, 'value', ...rest]`. */
function jsonPatchPath(operations: unknown[], fieldPath: NodePath): NodePath | undefined {
  const pointer = fieldPath.map(String);
  for (let i = operations.length - 1; i >= 0; i--) {
    const operation = asMap(operations[i]);
    if (!operation || (operation.op !== 'add' && operation.op !== 'replace') || typeof operation.path !== 'string') continue;
    const opPath = operation.path.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (opPath.length > pointer.length || !opPath.every((part, j) => part === pointer[j] || (part === '-' && /^\d+$/.test(pointer[j])))) continue;
    return [i, 'value', ...fieldPath.slice(opPath.length)];
  }
  return undefined;
}

/** The same field in a strategic-merge patch, list items matched by `name` as kustomize merges them. */
function strategicMergePath(patch: unknown, object: PlainMap, fieldPath: NodePath): NodePath | undefined {
  const patchMap = asMap(patch);
  if (!patchMap || (typeof patchMap.kind === 'string' && patchMap.kind !== object.kind)) return undefined;
  const result: (string | number)[] = [];
  let inPatch: unknown = patchMap;
  let inObject: unknown = object;
  for (const segment of fieldPath) {
    if (typeof segment === 'number') {
      const items = asArray(inPatch);
      const rendered = asArray(inObject)[segment];
      const name = asMap(rendered)?.name;
      const index = name === undefined ? -1 : items.findIndex((item) => asMap(item)?.name === name);
      if (index === -1) return undefined;
      result.push(index);
      inPatch = items[index];
      inObject = rendered;
    } else {
      const map = asMap(inPatch);
      if (!map || !(segment in map)) return undefined;
      result.push(segment);
      inPatch = map[segment];
      inObject = asMap(inObject)?.[segment];
    }
  }
  return result;
}

/** The `images:` entry that set a container's image. */
function imageEntryLocation(kustomization: ParsedFile, value: PlainMap, object: PlainMap, fieldPath: NodePath): SourceLocation | undefined {
  if (fieldPath[fieldPath.length - 1] !== 'image') return undefined;
  let image: unknown = object;
  for (const segment of fieldPath) image = typeof segment === 'number' ? asArray(image)[segment] : asMap(image)?.[segment];
  if (typeof image !== 'string') return undefined;
  const images = asArray(value.images);
  for (let i = images.length - 1; i >= 0; i--) {
    const entry = asMap(images[i]);
    const name = typeof entry?.newName === 'string' ? entry.newName : entry?.name;
    if (typeof name !== 'string' || !(image === name || image.startsWith(`${name}:`) || image.startsWith(`${name}@`))) continue;
    const field = ['digest', 'newTag', 'newName'].find((key) => entry?.[key] !== undefined) ?? 'name';
    const document = kustomization.documents.find((candidate) => asMap(candidate.value))!;
    return { path: kustomization.path, range: locateInDocument(kustomization, document, ['images', i, field]).range };
  }
  return undefined;
}

/** A position in an inline patch's text moved to where that text sits in the kustomization (a block scalar's lines). */
function inlineLocation(inline: NonNullable<PatchEntry['inline']>, range: Range): SourceLocation {
  const { node, kustomization } = inline;
  const [start] = node.range ?? [0];
  const headerLine = kustomization.lines.positionAt(start).line;
  const isBlock = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  if (!isBlock) return { path: kustomization.path, range: kustomization.lines.rangeOf(start, start + 1) };
  const firstContent = headerLine + 1;
  const indent = /^\s*/.exec(kustomization.lines.lineText(firstContent))![0].length;
  const move = (position: Range['start']) => ({ line: firstContent + position.line, character: indent + position.character });
  return { path: kustomization.path, range: { start: move(range.start), end: move(range.end) } };
}
