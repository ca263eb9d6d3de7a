import type { ParsedDocument, ParsedFile } from '../yaml/model';
import type { Range } from '../types';

/** A file or document kubetier does not check, with the reason: nothing is skipped in silence. */
export interface NotChecked {
  reason: string;
  /** Line 1 for a whole file; the first line of the document otherwise. */
  range: Range;
  /** 0-based index of the document, when only one document is not checked. */
  documentIndex?: number;
}

export interface NotCheckedOptions {
  /**
   * The file is an input of a tool rather than a manifest (kustomization, Chart.yaml, a chart's
   * values): its documents are not Kubernetes objects, and saying so would be noise.
   */
  isToolInput?: () => boolean;
  /** Why a Helm template's objects are not checked here (they may be checked as rendered). */
  templateReason?: string;
}

export const DEFAULT_TEMPLATE_REASON =
  'it is a Helm template, not YAML until rendered: `kubetier lint` renders its chart with `helm template` and reports what gets deployed';

/** A file outside any chart that only parses with its actions blanked out: nothing renders it. */
export const LOOSE_TEMPLATE_REASON =
  "its template actions ({{ }}) keep it from parsing as YAML, and it is not in a chart's templates/ folder (beside a Chart.yaml), so nothing renders it";

export const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** What in a parsed file no rule looks at, and why. */
export function notCheckedParts(file: ParsedFile, options: NotCheckedOptions = {}): NotChecked[] {
  if (file.isHelmTemplate) return options.templateReason === '' ? [] : [{ reason: options.templateReason ?? DEFAULT_TEMPLATE_REASON, range: FILE_START }];
  const skipped = file.documents.flatMap((document) => {
    const reason = notAnObjectReason(document);
    return reason ? [{ document, reason }] : [];
  });
  if (skipped.length === 0 || options.isToolInput?.()) return [];
  if (file.objects.length === 0) {
    const reasons = [...new Set(skipped.map((entry) => entry.reason))];
    return [{ reason: skipped.length === 1 ? reasons[0] : `none of its documents is a Kubernetes object (${reasons.join('; ')})`, range: FILE_START }];
  }
  return skipped.map(({ document, reason }) => ({
    reason,
    range: documentFirstLine(file, document),
    documentIndex: document.index,
  }));
}

/** Why a document holds no Kubernetes object; undefined when it does, is empty, or failed to parse (reported as a syntax error). */
function notAnObjectReason(document: ParsedDocument): string | undefined {
  const value = document.value;
  if (document.objects.length > 0 || value === null || value === undefined || document.problems.length > 0) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return `it is a ${Array.isArray(value) ? 'list' : 'scalar'}, not a Kubernetes object`;
  const map = value as Record<string, unknown>;
  const hasVersion = typeof map.apiVersion === 'string' && map.apiVersion !== '';
  const hasKind = typeof map.kind === 'string' && map.kind !== '';
  if (hasVersion && hasKind) return 'it is a List none of whose items has apiVersion and kind';
  const missing = [hasVersion ? undefined : 'apiVersion', hasKind ? undefined : 'kind'].filter(Boolean).join(' and ');
  return `it has no ${missing}, so it is not a Kubernetes object`;
}

/** "this file: why" or "document 2: why": what is not checked, then why. */
export function describeNotChecked(part: NotChecked): string {
  return `${part.documentIndex === undefined ? 'this file' : `document ${part.documentIndex + 1}`}: ${part.reason}`;
}

function documentFirstLine(file: ParsedFile, document: ParsedDocument): Range {
  const text = file.text;
  let offset = document.span[0];
  // The span starts at the `---` or the first content; skip to the first line with content that is not a comment.
  while (offset < text.length) {
    const lineEnd = text.indexOf('\n', offset);
    const line = text.slice(offset, lineEnd === -1 ? text.length : lineEnd).trim();
    if (line !== '' && !line.startsWith('#') && line !== '---') break;
    if (lineEnd === -1) break;
    offset = lineEnd + 1;
  }
  const position = file.lines.positionAt(Math.min(offset, text.length));
  return { start: position, end: position };
}
