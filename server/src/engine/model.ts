import { parseAllDocuments, visit, type Alias, type Document } from 'yaml';
import { LineIndex } from './lines';
import type { NodePath, Range } from './types';

/** Limits that keep hostile input (alias bombs, huge files) bounded. */
export interface ParseLimits {
  /** Alias dereferences allowed per document before it is treated as an alias bomb. */
  maxAliasCount: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxAliasCount: 1000 };

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

/** A file is a Helm template when it sits in a chart's templates/ folder or holds template actions. */
export function looksLikeHelmTemplate(path: string, text: string, chartYamlExists: (dir: string) => boolean): boolean {
  if (text.includes('{{')) return true;
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] === 'templates' && chartYamlExists(parts.slice(0, i).join('/'))) return true;
  }
  return false;
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
  const limits = options.limits ?? DEFAULT_PARSE_LIMITS;
  const lines = new LineIndex(text);
  const documents: ParsedDocument[] = [];
  const objects: KubeObject[] = [];
  const problems: FileProblem[] = [];
  const isHelmTemplate = options.isHelmTemplate ?? false;
  const file: ParsedFile = { path, text, lines, documents, objects, problems, isHelmTemplate };

  const source = isHelmTemplate ? helmSkeleton(text) : text;
  const asts = parseAllDocuments(source, { merge: true, logLevel: 'silent', prettyErrors: false });
  const list = Array.isArray(asts) ? asts : [];
  list.forEach((ast, index) => {
    const span: [number, number] = [ast.range[0], ast.range[2]];
    let value: unknown = null;
    const docProblems = syntaxProblems(ast, lines);
    if (docProblems.length === 0) {
      try {
        value = ast.toJS({ maxAliasCount: limits.maxAliasCount });
      } catch (error) {
        const alias = unresolvedAlias(ast);
        docProblems.push({
          code: 'yaml-syntax',
          message: `Document not read: ${(error as Error).message}`,
          range: alias?.range
            ? lines.rangeOf(alias.range[0], alias.range[1])
            : lines.rangeOf(span[0], Math.min(span[1], lines.lineEnd(lines.positionAt(span[0]).line))),
        });
      }
    }
    const document: ParsedDocument = { index, ast, span, value, objects: [] };
    document.objects.push(...objectsOf(value, file, document));
    documents.push(document);
    objects.push(...document.objects);
    if (!isHelmTemplate) problems.push(...docProblems);
  });
  return file;
}
