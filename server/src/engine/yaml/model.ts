import { isCollection, isNode, isPair, visit, type Alias, type Document, type Node } from 'yaml';
import { LineIndex } from './lines';
import type { NodePath, Range } from '../types';
import { aliasCost, type AliasCost } from './aliases';
import { DEFAULT_MAX_NESTING_DEPTH, parseYamlDocuments } from './parse';

/** Limits that keep hostile input (alias bombs, deep nesting) bounded. */
export interface ParseLimits {
  /** Aliases (`*name`) a document may hold (`kubetier.maxAliases`). */
  maxAliasCount: number;
  /** Collections nested deeper than this are not read (`kubetier.maxNestingDepth`). */
  maxNestingDepth: number;
  /** Nodes a document may hold once its aliases are expanded (`kubetier.maxDocumentNodes`). */
  maxDocumentNodes: number;
}

/**
 * The largest document of ../shared/corpus/real holds 47 aliases and 37,000 nodes; linting a List that
 * expands to 1,000,000 nodes (1,000 containers aliased 200 times) takes about 2 s at tier 5.
 */
export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxAliasCount: 1000, maxNestingDepth: DEFAULT_MAX_NESTING_DEPTH, maxDocumentNodes: 1_000_000 };

export function sameParseLimits(a: ParseLimits, b: ParseLimits): boolean {
  return a.maxAliasCount === b.maxAliasCount && a.maxNestingDepth === b.maxNestingDepth && a.maxDocumentNodes === b.maxDocumentNodes;
}

export type PlainMap = Record<string, unknown>;

/** One Kubernetes object: a document with string apiVersion and kind, or an item of a List. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  /** API group; '' for the core group. */
  readonly group: string;
  readonly name: string | undefined;
  /** metadata.namespace as written (Kustomize and defaults are resolved by the index). */
  readonly namespace: string | undefined;
  readonly value: PlainMap;
  readonly file: ParsedFile;
  readonly document: ParsedDocument;
  /** Where the object sits inside its document: [] or ['items', i] for List items. */
  readonly basePath: NodePath;
}

export interface ParsedDocument {
  readonly index: number;
  readonly ast: Document.Parsed;
  /** Offsets [start, end) of the document's text in the file. */
  readonly span: readonly [number, number];
  readonly value: unknown;
  readonly objects: KubeObject[];
  /** Syntax problems of this document (reported for the file unless it is a Helm template). */
  readonly problems: readonly FileProblem[];
}

/** A problem with the file itself rather than with an object in it. */
export interface FileProblem {
  readonly code: 'yaml-syntax';
  readonly message: string;
  readonly range: Range;
}

export interface ParsedFile {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly documents: ParsedDocument[];
  readonly objects: KubeObject[];
  readonly problems: FileProblem[];
  /**
   * Helm templates are not YAML until rendered: their syntax is never reported,
   * rules do not run on them, and their objects (parsed from helmSkeleton) only
   * tell the index and the checklist what the chart defines.
   */
  readonly isHelmTemplate: boolean;
}

export interface ParseOptions {
  isHelmTemplate?: boolean;
  limits?: ParseLimits;
}

/** The chart folder a path lies in the templates/ of (a folder holding Chart.yaml), if any. */
export function chartOfTemplate(path: string, chartYamlExists: (dir: string) => boolean): string | undefined {
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] === 'templates' && chartYamlExists(parts.slice(0, i).join('/'))) return parts.slice(0, i).join('/');
  }
  return undefined;
}

const TEMPLATE_ACTION = /\{\{[\s\S]*?\}\}/g;

/**
 * A Helm template with every `{{ ... }}` action blanked out, offsets unchanged:
 * an action that fills its line becomes spaces (control flow, includes), one
 * inside a value becomes underscores (a placeholder scalar). The result parses
 * as YAML often enough to see kinds, names and structure, at the right places.
 */
export function helmSkeleton(text: string): string {
  return text.replace(TEMPLATE_ACTION, (action, offset: number) => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const lineEndIndex = text.indexOf('\n', offset + action.length);
    const before = text.slice(lineStart, offset);
    const after = text.slice(offset + action.length, lineEndIndex === -1 ? text.length : lineEndIndex);
    const fillsLine = before.trim() === '' && after.trim() === '';
    return action.replace(/[^\n]/g, fillsLine ? ' ' : '_');
  });
}

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function isPlainMap(value: unknown): value is PlainMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasTypeFields(value: unknown): value is PlainMap & { apiVersion: string; kind: string } {
  return isPlainMap(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string' && value.kind !== '';
}

/** The Kubernetes objects of one document value: the object itself, or the items of a List. */
export function objectsOf(value: unknown, file: ParsedFile, document: ParsedDocument): KubeObject[] {
  if (!hasTypeFields(value)) return [];
  const isList = value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items));
  if (isList && Array.isArray(value.items)) {
    const items: KubeObject[] = [];
    value.items.forEach((item, i) => {
      if (hasTypeFields(item)) items.push(makeObject(item, file, document, ['items', i]));
    });
    return items;
  }
  return [makeObject(value, file, document, [])];
}

function makeObject(
  value: PlainMap & { apiVersion: string; kind: string },
  file: ParsedFile,
  document: ParsedDocument,
  basePath: NodePath,
): KubeObject {
  const metadata = isPlainMap(value.metadata) ? value.metadata : {};
  return {
    apiVersion: value.apiVersion,
    kind: value.kind,
    group: apiGroup(value.apiVersion),
    name: typeof metadata.name === 'string' ? metadata.name : undefined,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
    value,
    file,
    document,
    basePath,
  };
}

/**
 * The parser notices an unclosed `[` or `{` only where the next line starts;
 * point at the bracket itself, the last one left open before that position.
 */
function unclosedFlowStart(text: string, before: number, open: '[' | '{'): number | undefined {
  const close = open === '[' ? ']' : '}';
  let depth = 0;
  for (let i = before - 1; i >= 0 && before - i < 10_000; i--) {
    const char = text[i];
    if (char === close) depth++;
    else if (char === open) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

/** An alias whose anchor is not in its document (anchors never cross `---`), to point the error at it. */
function unresolvedAlias(ast: Document.Parsed): Alias | undefined {
  let found: Alias | undefined;
  visit(ast, {
    Alias(_key, alias) {
      if (alias.resolve(ast) === undefined) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The first error on each line only: the parser often reports one mistake several times. */
function syntaxProblems(ast: Document.Parsed, lines: LineIndex): FileProblem[] {
  const problems: FileProblem[] = [];
  const seenLines = new Set<number>();
  for (const error of ast.errors) {
    let [start, end] = error.pos;
    const unclosed = /^Flow (sequence|mapping) .*end with/.exec(error.message);
    const bracket = unclosed && unclosedFlowStart(lines.text, start, unclosed[1] === 'sequence' ? '[' : '{');
    if (bracket !== undefined && bracket !== null) [start, end] = [bracket, bracket + 1];
    const range = lines.rangeOf(start, Math.max(end, start + 1));
    if (seenLines.has(range.start.line)) continue;
    seenLines.add(range.start.line);
    problems.push({ code: 'yaml-syntax', message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), range });
  }
  return problems;
}

/**
 * Parses every YAML document of a file (YAML 1.2, merge keys on, positions kept)
 * and finds the Kubernetes objects in it.
 */
export function parseFile(path: string, text: string, options: ParseOptions = {}): ParsedFile {
  const file = emptyFile(path, text, options.isHelmTemplate ?? false);
  const source = file.isHelmTemplate ? helmSkeleton(text) : text;
  const limits = options.limits ?? DEFAULT_PARSE_LIMITS;
  for (const ast of parseDocuments(source, limits)) addDocument(file, ast, readDocument(ast, file.lines, limits));
  return file;
}

function parseDocuments(source: string, limits: ParseLimits): Document.Parsed[] {
  return parseYamlDocuments(source, { merge: true, maxNestingDepth: limits.maxNestingDepth });
}

type MutableFile = ParsedFile & { documents: ParsedDocument[]; objects: KubeObject[]; problems: FileProblem[] };

function emptyFile(path: string, text: string, isHelmTemplate: boolean): MutableFile {
  return { path, text, lines: new LineIndex(text), documents: [], objects: [], problems: [], isHelmTemplate };
}

interface DocumentContent {
  value: unknown;
  problems: readonly FileProblem[];
}

/** A parsed document's value (null when it cannot be read) and its syntax problems. */
function readDocument(ast: Document.Parsed, lines: LineIndex, limits: ParseLimits): DocumentContent {
  const span: [number, number] = [ast.range[0], ast.range[2]];
  const problems = syntaxProblems(ast, lines);
  if (problems.length > 0) return { value: null, problems };
  const firstLine = () => lines.rangeOf(span[0], Math.min(span[1], lines.lineEnd(lines.positionAt(span[0]).line)));
  const cost = aliasCost(ast, limits.maxDocumentNodes);
  const overLimit = overLimitMessage(cost, limits);
  if (overLimit) return { value: null, problems: [{ code: 'yaml-syntax', message: `Document not read: ${overLimit}`, range: firstLine() }] };
  try {
    // The aliases are bounded above; the library's own alias check (count x nesting) would refuse documents inside those bounds.
    return { value: withoutAnchors(cost.unreferencedAnchors, () => ast.toJS({ maxAliasCount: -1 })), problems };
  } catch (error) {
    const alias = unresolvedAlias(ast);
    const range = alias?.range ? lines.rangeOf(alias.range[0], alias.range[1]) : firstLine();
    return { value: null, problems: [{ code: 'yaml-syntax', message: `Document not read: ${(error as Error).message}`, range }] };
  }
}

/** Which limit a document is over, and how to raise it. */
function overLimitMessage(cost: AliasCost, limits: ParseLimits): string | undefined {
  if (cost.cyclic) return 'an alias sits inside the node its anchor names, so the value would contain itself';
  if (cost.aliases > limits.maxAliasCount) {
    return `it holds ${cost.aliases} aliases, more than kubetier.maxAliases (${limits.maxAliasCount}); raise kubetier.maxAliases (CLI: --max-aliases) to read it`;
  }
  if (cost.expandedNodes > limits.maxDocumentNodes) {
    const through = cost.aliases > 0 ? ' with its aliases expanded (the shape of an alias bomb)' : '';
    return `it holds more than ${limits.maxDocumentNodes} nodes${through}, over kubetier.maxDocumentNodes; raise kubetier.maxDocumentNodes (CLI: --max-nodes) to read it`;
  }
  return undefined;
}

/**
 * Runs `read` with the anchors no alias uses taken off their nodes. The library resolves each alias by
 * scanning every anchor before it: a file of 500,000 unused anchors then 1,000 aliases took minutes.
 */
function withoutAnchors<T>(nodes: readonly Node[], read: () => T): T {
  const names = nodes.map((node) => node.anchor);
  for (const node of nodes) node.anchor = undefined;
  try {
    return read();
  } finally {
    nodes.forEach((node, i) => (node.anchor = names[i]));
  }
}

function addDocument(file: MutableFile, ast: Document.Parsed, content: DocumentContent): void {
  const document: ParsedDocument = { index: file.documents.length, ast, span: [ast.range[0], ast.range[2]], value: content.value, objects: [], problems: content.problems };
  document.objects.push(...objectsOf(content.value, file, document));
  file.documents.push(document);
  file.objects.push(...document.objects);
  if (!file.isHelmTemplate) file.problems.push(...content.problems);
}

/**
 * The file after an edit, re-parsing only the documents the edit touched (and
 * one neighbour on each side): YAML documents are independent at their `---`
 * markers, so the others keep their values and trees, moved by the length the
 * edit added. Falls back to a full parse for Helm templates and directives.
 */
export function reparseFile(previous: ParsedFile, text: string, options: ParseOptions = {}): ParsedFile {
  const isHelmTemplate = options.isHelmTemplate ?? false;
  const old = previous.text;
  const documents = previous.documents;
  const simple = !isHelmTemplate && !previous.isHelmTemplate && documents.length >= 3 && !hasDirectiveLine(old) && !hasDirectiveLine(text);
  if (!simple) return parseFile(previous.path, text, options);
  const limit = Math.min(old.length, text.length);
  const prefix = commonPrefixLength(old, text, limit);
  const suffix = commonSuffixLength(old, text, limit - prefix);
  const changedEnd = old.length - suffix;
  const touching = documents.filter((document) => document.span[1] >= prefix && document.span[0] <= changedEnd).map((document) => document.index);
  const first = Math.max(0, (touching[0] ?? documents.findIndex((document) => document.span[0] >= prefix)) - 1);
  const last = Math.min(documents.length - 1, (touching[touching.length - 1] ?? first) + 1);
  if (first <= 0 && last >= documents.length - 1) return parseFile(previous.path, text, options);
  const delta = text.length - old.length;
  const regionStart = first === 0 ? 0 : documents[first - 1].span[1];
  const regionEnd = (last === documents.length - 1 ? old.length : documents[last + 1].span[0]) + delta;
  if (regionStart > prefix || regionEnd < text.length - suffix) return parseFile(previous.path, text, options);

  const limits = options.limits ?? DEFAULT_PARSE_LIMITS;
  const region = parseDocuments(detachedCopy(text.slice(regionStart, regionEnd)), limits);
  // An error (an unclosed quote or bracket) may run on past the region's last `---`: only a full parse knows where it ends.
  if (region.some((ast) => ast.errors.length > 0)) return parseFile(previous.path, text, options);
  const file = emptyFile(previous.path, text, false);
  const lineDelta = file.lines.lineCount - previous.lines.lineCount;
  for (const document of documents.slice(0, first)) addDocument(file, document.ast, document);
  for (const ast of region) {
    shiftOffsets(ast, regionStart);
    addDocument(file, ast, readDocument(ast, file.lines, limits));
  }
  for (const document of documents.slice(last + 1)) {
    shiftOffsets(document.ast, delta);
    addDocument(file, document.ast, { value: document.value, problems: document.problems.map((problem) => shiftLines(problem, lineDelta)) });
  }
  return file;
}

/**
 * The string's characters in a string of their own. A slice shares the whole text it was cut from,
 * and so do the scalars parsed from it: the re-parsed documents would keep every keystroke's full
 * text alive (~0.4 MB each on a 1,000-document file) for as long as they are not edited again.
 */
function detachedCopy(slice: string): string {
  // Concatenation then slicing makes V8 copy the characters into a new flat string of this length.
  return ` ${slice}`.slice(1);
}

/** Compared a block at a time first (native string comparison), then a character at a time: ~40x faster on a 0.5 MB text. */
const COMPARE_BLOCK = 1024;

/** How many leading characters `a` and `b` share, up to `limit`. */
function commonPrefixLength(a: string, b: string, limit: number): number {
  let length = 0;
  while (length + COMPARE_BLOCK <= limit && a.slice(length, length + COMPARE_BLOCK) === b.slice(length, length + COMPARE_BLOCK)) length += COMPARE_BLOCK;
  while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  return length;
}

/** How many trailing characters `a` and `b` share, up to `limit`. */
function commonSuffixLength(a: string, b: string, limit: number): number {
  let length = 0;
  while (length + COMPARE_BLOCK <= limit && a.slice(a.length - length - COMPARE_BLOCK, a.length - length) === b.slice(b.length - length - COMPARE_BLOCK, b.length - length)) {
    length += COMPARE_BLOCK;
  }
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}

/** A line starting with `%` (a directive): `(^|\n)%` without a regular expression scan of the whole text. */
function hasDirectiveLine(text: string): boolean {
  return text.startsWith('%') || text.includes('\n%');
}

/**
 * Moves every offset of a parsed document (its range, node ranges, error positions) by `delta`.
 * Runs for every document after an edit on each keystroke: a plain walk, not `visit` (which
 * builds a frozen path array per node and took most of a re-parse's time).
 */
function shiftOffsets(ast: Document.Parsed, delta: number): void {
  if (delta === 0) return;
  const shift = (range: number[] | null | undefined) => {
    if (range) for (let i = 0; i < range.length; i++) range[i] += delta;
  };
  shift(ast.range);
  for (const error of [...ast.errors, ...ast.warnings]) shift(error.pos);
  const walk = (node: unknown): void => {
    if (nodeIsPair(node)) {
      walk(node.key);
      walk(node.value);
    } else if (nodeIsNode(node)) {
      shift(node.range);
      if (nodeIsCollection(node)) for (const item of node.items) walk(item);
    }
  };
  walk(ast.contents);
}

// Bound once: the bundle reaches `yaml`'s exports through getters, which cost on every call of a hot walk.
const nodeIsPair = isPair;
const nodeIsNode = isNode;
const nodeIsCollection = isCollection;

function shiftLines(problem: FileProblem, lines: number): FileProblem {
  if (lines === 0) return problem;
  const move = (position: { line: number; character: number }) => ({ line: position.line + lines, character: position.character });
  return { ...problem, range: { start: move(problem.range.start), end: move(problem.range.end) } };
}
