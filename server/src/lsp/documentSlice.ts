// The YAML document around the cursor, read from raw text: completion and hover must work while
// the file does not parse, and yaml-language-server is only ever handed this slice.

/** The YAML document around a line: its lines [startLine, endLine) of the file, and its text. */
export interface DocumentSlice {
  startLine: number;
  endLine: number;
  text: string;
}

const DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/;

/**
 * The lines of the document that holds `line`, split at `---`/`...` at column 0 (in YAML these
 * always separate documents). Undefined on a marker line itself.
 */
export function enclosingDocument(text: string, line: number): DocumentSlice | undefined {
  const lines = text.split('\n');
  if (line < 0 || line >= lines.length || DOCUMENT_MARKER.test(lines[line])) return undefined;
  let startLine = line;
  while (startLine > 0 && !DOCUMENT_MARKER.test(lines[startLine - 1])) startLine--;
  let endLine = line + 1;
  while (endLine < lines.length && !DOCUMENT_MARKER.test(lines[endLine])) endLine++;
  return { startLine, endLine, text: lines.slice(startLine, endLine).join('\n') };
}

/** A top-level `key: value` scalar of a document's text (quotes and comments dropped). */
export function topLevelScalar(text: string, key: string): string | undefined {
  const match = new RegExp(`^${key}:[ \\t]*(["']?)([^"'#\\s]+)\\1[ \\t]*(#.*)?$`, 'm').exec(text);
  return match?.[2];
}

/** apiVersion and kind of a document read from its text, so completion works while it does not parse. */
export function documentKind(text: string): { apiVersion: string; kind: string } | undefined {
  const apiVersion = topLevelScalar(text, 'apiVersion');
  const kind = topLevelScalar(text, 'kind');
  return apiVersion && kind ? { apiVersion, kind } : undefined;
}
