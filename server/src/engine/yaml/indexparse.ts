import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { chartFolderOf, parseText } from '../workspace/disk';
import { DEFAULT_PARSE_LIMITS, objectsOf, parseFile, type KubeObject, type ParseLimits, type ParsedDocument, type ParsedFile } from './model';
import { withoutDocumentBoms } from './parse';

/**
 * Anchors (hence aliases) and merge keys take the full parse: parseFile bounds alias
 * expansion (alias bombs) and merges `<<`, js-yaml's core schema does neither.
 */
const NEEDS_FULL_PARSE = /(^|[\s[{,:-])&[^\s&]|<<\s*:/m;

/**
 * Parses a file the editor does not have open, for the workspace index only.
 *
 * The index needs the values of unopened files, and their positions only when
 * a finding points at them (related information). Reading values with js-yaml
 * is about ten times faster than building the positioned AST, so the AST is
 * built on first use of `lines`, `problems` or a document's `ast`/`span`.
 * Anything js-yaml rejects (syntax errors, duplicate keys), nesting deeper
 * than the limit (js-yaml has none) and Helm templates take the full parse at
 * once, so problems are reported exactly as `parseFile` reports them.
 */
export function parseForIndex(filePath: string, text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedFile {
  // Text with `{{` takes the full parse, which tells template actions from strings that hold them.
  if (NEEDS_FULL_PARSE.test(text) || text.includes('{{') || chartFolderOf(filePath) !== undefined) return parseText(filePath, text, limits);
  const values: unknown[] = [];
  try {
    loadAll(withoutDocumentBoms(text), (value) => values.push(value), { schema: CORE_SCHEMA, filename: filePath });
  } catch {
    return parseText(filePath, text, limits);
  }
  if (values.some((value) => nestedDeeperThan(value, limits.maxNestingDepth))) return parseText(filePath, text, limits);
  let full: ParsedFile | undefined;
  const complete = () => (full ??= parseFile(filePath, text, { limits }));
  const documents: ParsedDocument[] = [];
  const objects: KubeObject[] = [];
  const file: ParsedFile = {
    path: filePath,
    text,
    get lines() {
      return complete().lines;
    },
    documents,
    objects,
    get problems() {
      return complete().problems;
    },
    isHelmTemplate: false,
  };
  // Empty documents count differently between the two parsers: the n-th non-empty value is the n-th non-empty document.
  let nonEmpty = 0;
  values.forEach((value, index) => {
    const ordinal = value === null || value === undefined ? -1 : nonEmpty++;
    const fullDocument = () => {
      const candidates = complete().documents.filter((document) => document.value !== null && document.value !== undefined);
      return candidates[ordinal] ?? complete().documents[Math.min(index, complete().documents.length - 1)];
    };
    const document: ParsedDocument = {
      index,
      get ast() {
        return fullDocument().ast;
      },
      get span() {
        return fullDocument().span;
      },
      get problems() {
        return fullDocument().problems;
      },
      value,
      objects: [],
    };
    document.objects.push(...objectsOf(value, file, document));
    documents.push(document);
    objects.push(...document.objects);
  });
  return file;
}

/** Whether arrays and objects nest more than `maxDepth` levels in `value` (a top-level collection is level 1). */
function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (typeof entry.value !== 'object' || entry.value === null) continue;
    if (entry.depth > maxDepth) return true;
    for (const child of Object.values(entry.value)) stack.push({ value: child, depth: entry.depth + 1 });
  }
  return false;
}
