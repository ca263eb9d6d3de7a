// The shape of a file as an editor shows it: an outline (objects, their containers, ports and volumes)
// and the line ranges that fold (each document, each multi-line map or sequence).
import { isMap, isPair, isSeq, visit, type Node } from 'yaml';
import { asArray, asMap, containers, getPath, podSpecPath, type ContainerRef } from '../kube/objects';
import type { NodePath, Range } from '../types';
import { kindRange, locate } from './locate';
import type { KubeObject, ParsedFile } from './model';
import { uniqueBy } from '../unique';
import { spanOf, trimmedEnd } from './pathAt';

export type OutlineKind = 'object' | 'container' | 'port' | 'volume';

export interface OutlineNode {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole node. */
  range: Range;
  /** What the editor reveals: the name. */
  selectionRange: Range;
  children: OutlineNode[];
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** A node of the outline; its selection falls back to its first line when the name lies outside it (an alias). */
function outlineNode(object: KubeObject, path: NodePath, name: string, kind: OutlineKind, namePath: NodePath, children: OutlineNode[] = [], detail?: string): OutlineNode | undefined {
  const range = spanOf(object, path);
  if (!range) return undefined;
  const selection = locate(object, namePath);
  return { name, detail, kind, range, selectionRange: contains(range, selection) ? selection : { start: range.start, end: range.start }, children };
}

function portNodes(object: KubeObject, container: ContainerRef): OutlineNode[] {
  return asArray(container.value.ports).flatMap((port, k) => {
    const map = asMap(port);
    const number = map?.containerPort;
    const label = [typeof map?.name === 'string' ? map.name : undefined, number !== undefined ? `${String(number)}/${typeof map?.protocol === 'string' ? map.protocol : 'TCP'}` : undefined].filter(Boolean).join(' ');
    const path = [...container.path, 'ports', k];
    return outlineNode(object, path, `port ${label || `#${k + 1}`}`, 'port', [...path, map?.name !== undefined ? 'name' : 'containerPort']) ?? [];
  });
}

/** `config (configMap app-config)`: a volume and what it mounts. */
function volumeNodes(object: KubeObject): OutlineNode[] {
  const specPath = podSpecPath(object);
  if (!specPath) return [];
  return asArray(getPath(object.value, [...specPath, 'volumes'])).flatMap((volume, i) => {
    const map = asMap(volume) ?? {};
    const name = typeof map.name === 'string' ? map.name : `#${i + 1}`;
    const source = Object.keys(map).find((key) => key !== 'name');
    const sourceName = source ? asMap(map[source]) : undefined;
    const what = sourceName ? [sourceName.name, sourceName.secretName, sourceName.claimName].find((value) => typeof value === 'string') : undefined;
    const detail = source ? [source, what].filter(Boolean).join(' ') : undefined;
    const path = [...specPath, 'volumes', i];
    return outlineNode(object, path, `volume ${name}`, 'volume', [...path, 'name'], [], detail) ?? [];
  });
}

function objectNode(object: KubeObject): OutlineNode | undefined {
  const children = [
    ...containers(object).flatMap((container) => {
      const label = container.kind === 'containers' ? 'container' : container.kind === 'initContainers' ? 'init container' : 'ephemeral container';
      return outlineNode(object, container.path, `${label} ${container.name}`, 'container', [...container.path, 'name'], portNodes(object, container), typeof container.value.image === 'string' ? container.value.image : undefined) ?? [];
    }),
    ...volumeNodes(object),
  ];
  const node = outlineNode(object, [], `${object.kind} ${object.name ?? '(no name)'}`, 'object', ['metadata', 'name'], children, object.namespace);
  if (!node) return undefined;
  const kindAt = kindRange(object);
  return object.name === undefined && contains(node.range, kindAt) ? { ...node, selectionRange: kindAt } : node;
}

/** Every Kubernetes object of the file, in order, with its containers (and their ports) and volumes. */
export function outline(file: ParsedFile): OutlineNode[] {
  return file.objects.flatMap((object) => objectNode(object) ?? []);
}

export interface FoldingLines {
  startLine: number;
  endLine: number;
}

/** Each document of more than one line, and each multi-line map or sequence from the line of its key. */
export function foldingLines(file: ParsedFile): FoldingLines[] {
  const folds: FoldingLines[] = [];
  const add = (start: number, end: number) => {
    const startLine = file.lines.positionAt(start).line;
    const endLine = file.lines.positionAt(Math.max(start, trimmedEnd(file.text, end))).line;
    if (endLine > startLine) folds.push({ startLine, endLine });
  };
  for (const document of file.documents) {
    const contents = document.ast.contents as Node | null;
    if (contents?.range) add(contents.range[0], contents.range[1]);
    visit(document.ast, {
      Pair(_key, pair) {
        const value = pair.value as Node | null;
        if (isPair(pair) && (isMap(value) || isSeq(value)) && value.range && (pair.key as Node | null)?.range) add((pair.key as Node).range![0], value.range[1]);
      },
      Seq(_key, seq) {
        for (const item of seq.items) if ((isMap(item) || isSeq(item)) && item.range) add(item.range[0], item.range[1]);
      },
    });
  }
  return uniqueBy(folds, (fold) => `${fold.startLine}:${fold.endLine}`);
}
