// A rendered object's fix, turned into edits of the one place the user edits that holds the value:
// a literal on a template line, a scalar in a values file, the resource file an overlay builds, or
// the strategic-merge patch that set the field. Anything else (a value an action computes, a map a
// `toYaml` writes whole, a JSON 6902 patch, an `images:` entry, a fix that creates objects) gets none:
// an edit there could not be known to change what is deployed, and only that.
import { isScalar } from 'yaml';
import { createsObjects, fixDocument, fixOperations, fixTitle, type FixContext } from '../edit/fix';
import { deepEqual } from '../edit/plain';
import { renderScalar } from '../edit/render';
import { valueAt } from '../edit/sharing';
import { detectStyle, type LayoutStyle } from '../edit/style';
import { diffEdits } from '../edit/textdiff';
import type { Finding, SourceEdit, SourceFix } from '../lint/lint';
import type { FixOperation, Rule } from '../lint/rule';
import { asArray, asMap } from '../kube/objects';
import { findNode } from '../yaml/locate';
import { parseYamlDocuments } from '../yaml/parse';
import type { KubeObject, ParsedFile } from '../yaml/model';
import type { NodePath } from '../types';
import { sourceObject, valuesField, type RenderedFile } from './interpret';
import { patchLocation, type FileReader, type SourceField } from './patches';
import { locateInTemplate } from './templatemap';

/** Operations on one field of a file: applied together, then diffed into edits. */
interface FieldOperations {
  file: ParsedFile;
  document: SourceField['document'];
  basePath: NodePath;
  operations: FixOperation[];
}

/** The finding's fix as edits of the chart's or overlay's files; undefined when it has no such fix. */
export function renderedSourceFix(file: RenderedFile, object: KubeObject, finding: Finding, rule: Rule | undefined, context: FixContext, read: FileReader, readText: (file: string) => string | undefined): SourceFix | undefined {
  const operations = rule && fixOperations(file.parsed, finding, rule, context);
  if (!rule?.fix || !finding.fix || !operations || createsObjects(operations) || !file.source) return undefined;
  const edits = file.target.tool === 'helm' ? helmEdits(file, object, operations, read, readText) : kustomizeEdits(file, object, operations, read);
  return edits && edits.length > 0 ? { title: fixTitle(rule, finding.fix.data), safe: rule.fix.safe, edits } : undefined;
}

/** Each operation must set one scalar, written as a literal in the template or as a scalar in the values file. */
function helmEdits(file: RenderedFile, object: KubeObject, operations: readonly FixOperation[], read: FileReader, readText: (file: string) => string | undefined): SourceEdit[] | undefined {
  const template = readText(file.source!);
  if (template === undefined) return undefined;
  const ordinal = Math.max(0, file.parsed.objects.filter((other) => other.kind === object.kind).indexOf(object));
  const literals: SourceEdit[] = [];
  const inValues: FieldOperations[] = [];
  for (const operation of operations) {
    if (operation.op !== 'set' || !isScalarValue(operation.value)) return undefined;
    const current = valueAt(object.value, operation.path);
    if (!isScalarValue(current)) return undefined;
    const found = locateInTemplate(template, object.kind, ordinal, operation.path);
    if (!found) return undefined;
    if (found.literal) {
      const literal = literalEdit(template, found.range, current, operation.value, file.source!);
      if (!literal) return undefined;
      literals.push(literal);
      continue;
    }
    // The value an action fills: only a values-file scalar that holds exactly what was rendered.
    const fields = found.values.flatMap((valuesPath) => valuesField(file.valueSet, valuesPath, read) ?? []);
    const field = fields.length === 1 ? fields[0] : undefined;
    const node = field && findNode(field.document, field.path).node;
    if (!field || !isScalar(node) || !deepEqual(node.value, current)) return undefined;
    inValues.push({ file: field.file, document: field.document, basePath: [], operations: [{ ...operation, path: field.path }] });
  }
  const values = applyAll(inValues);
  return values && [...literals, ...values];
}

/** The template's literal replaced by the new value, when the literal reads as the value rendered. */
function literalEdit(template: string, range: SourceEdit['range'], current: unknown, value: unknown, filePath: string): SourceEdit | undefined {
  const lines = template.split('\n');
  const oldText = lines[range.start.line]?.slice(range.start.character, range.end.character) ?? '';
  const parsed = parseYamlDocuments(oldText)[0];
  if (!parsed || parsed.errors.length > 0 || !deepEqual(parsed.toJS(), current)) return undefined;
  return { path: filePath, range, oldText, newText: renderScalar(value, detectStyleOf(template), false) };
}

/** Styles by text: every finding of a render asks about the same few templates and values files. */
const STYLES = new Map<string, LayoutStyle>();
const STYLES_KEPT = 64;

function detectStyleOf(text: string): LayoutStyle {
  let style = STYLES.get(text);
  if (!style) {
    try {
      style = detectStyle(text);
    } catch {
      // A template is not always YAML: its quotes are then written the common way.
      style = { eol: '\n', indent: 2, sequenceIndent: 0, itemOffset: 2, quote: 'double' };
    }
    STYLES.set(text, style);
    if (STYLES.size > STYLES_KEPT) STYLES.delete(STYLES.keys().next().value!);
  }
  return style;
}

/**
 * A field a patch file spells out is fixed in the patch (the patch would override the resource);
 * a field no patch or transformer touches is fixed in the resource file, list items matched by name.
 */
function kustomizeEdits(file: RenderedFile, object: KubeObject, operations: readonly FixOperation[], read: FileReader): SourceEdit[] | undefined {
  const resource = read(file.source!);
  const original = sourceObject(resource, object);
  if (!resource || !original) return undefined;
  const targets: FieldOperations[] = [];
  for (const operation of operations) {
    if (operation.op === 'addDocument') return undefined;
    const patched = patchLocation(object.value, operation.path, file.transformedBy, read);
    if (patched) {
      if (!patched.field) return undefined;
      targets.push({ file: patched.field.file, document: patched.field.document, basePath: [], operations: [{ ...operation, path: patched.field.path }] });
      continue;
    }
    const sourcePath = pathByName(object.value, original.value, operation.path);
    if (!sourcePath) return undefined;
    targets.push({ file: resource, document: original.document, basePath: original.basePath, operations: [{ ...operation, path: sourcePath }] });
  }
  return applyAll(targets);
}

/** The built object's path in its resource: list items found by `name`, as kustomize merges them (a patch may add items). */
function pathByName(built: unknown, source: unknown, fieldPath: NodePath): NodePath | undefined {
  const result: (string | number)[] = [];
  let inBuilt = built;
  let inSource = source;
  for (const segment of fieldPath) {
    if (typeof segment === 'number') {
      const item = asArray(inBuilt)[segment];
      const name = asMap(item)?.name;
      const items = asArray(inSource);
      const index = name === undefined ? (items.length === asArray(inBuilt).length ? segment : -1) : items.findIndex((candidate) => asMap(candidate)?.name === name);
      if (index === -1) return undefined;
      result.push(index);
      inBuilt = item;
      inSource = items[index];
    } else {
      result.push(segment);
      inBuilt = asMap(inBuilt)?.[segment];
      inSource = asMap(inSource)?.[segment];
    }
  }
  return result;
}

/** Applies each document's operations with the edit engine (its refusals hold) and diffs them into edits; undefined when any is refused. */
function applyAll(targets: readonly FieldOperations[]): SourceEdit[] | undefined {
  const byFile = new Map<ParsedFile, Map<SourceField['document'], FieldOperations>>();
  for (const target of targets) {
    const documents = byFile.get(target.file) ?? new Map<SourceField['document'], FieldOperations>();
    const known = documents.get(target.document);
    documents.set(target.document, known ? { ...known, operations: [...known.operations, ...target.operations] } : target);
    byFile.set(target.file, documents);
  }
  const edits: SourceEdit[] = [];
  for (const [file, documents] of byFile) {
    let text = file.text;
    const style = detectStyleOf(file.text);
    // From the last document up: an edit never moves the span of a document still to edit.
    for (const target of [...documents.values()].sort((a, b) => b.document.span[0] - a.document.span[0])) {
      const result = fixDocument(text, target.document.span, target.basePath, target.operations, style);
      if (result.refusal || result.text === text) return undefined;
      text = result.text;
    }
    for (const edit of diffEdits(file.text, text)) edits.push({ path: file.path, range: file.lines.rangeOf(edit.start, edit.end), oldText: file.text.slice(edit.start, edit.end), newText: edit.newText });
  }
  return edits;
}

function isScalarValue(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
