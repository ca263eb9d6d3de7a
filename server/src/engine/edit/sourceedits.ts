// Fixes of rendered findings are edits made ahead against the text a render read. They are applied
// only where the file still holds that text: a file saved since then gets no edit rather than a wrong one.
import type { SourceEdit, SourceFix } from '../lint/lint';
import { LineIndex } from '../yaml/lines';

/** The edit's offsets in `text`; undefined when the range no longer holds the text the fix was made for. */
export function currentOffsets(text: string, edit: SourceEdit): [number, number] | undefined {
  const lines = new LineIndex(text);
  const start = lines.offsetAt(edit.range.start);
  const end = lines.offsetAt(edit.range.end);
  return text.slice(start, end) === edit.oldText ? [start, end] : undefined;
}

export interface AppliedSourceFixes<F extends SourceFix> {
  /** New text by path, for the files an applied fix changed. */
  texts: Map<string, string>;
  applied: F[];
  /** Fixes whose files changed since the render, or that overlap a fix applied first. */
  notApplied: F[];
}

/** Applies each fix whole or not at all (the same fix found twice, at a template and at its value, once); a fix next to one applied first waits for the next round. */
export function applySourceFixes<F extends SourceFix>(fixes: readonly F[], read: (path: string) => string | undefined): AppliedSourceFixes<F> {
  const originals = new Map<string, string | undefined>();
  const claimed = new Map<string, { start: number; end: number; newText: string }[]>();
  const result: AppliedSourceFixes<F> = { texts: new Map(), applied: [], notApplied: [] };
  const seen = new Set<string>();
  for (const fix of fixes) {
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    seen.add(key);
    const placed = fix.edits.map((edit) => {
      if (!originals.has(edit.path)) originals.set(edit.path, read(edit.path));
      const text = originals.get(edit.path);
      const offsets = text === undefined ? undefined : currentOffsets(text, edit);
      return offsets && { path: edit.path, start: offsets[0], end: offsets[1], newText: edit.newText };
    });
    // Touching counts: two insertions at one place (keys added to the same map) would interleave.
    const overlaps = (edit: { path: string; start: number; end: number }) => (claimed.get(edit.path) ?? []).some((other) => edit.start <= other.end && other.start <= edit.end);
    if (placed.some((edit) => !edit || overlaps(edit))) {
      result.notApplied.push(fix);
      continue;
    }
    for (const edit of placed) claimed.set(edit!.path, [...(claimed.get(edit!.path) ?? []), edit!]);
    result.applied.push(fix);
  }
  for (const [filePath, edits] of claimed) {
    let text = originals.get(filePath)!;
    for (const edit of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    result.texts.set(filePath, text);
  }
  return result;
}
