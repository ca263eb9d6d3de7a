/** A replacement of the text between two offsets of the original text. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Lines with their terminators, so joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** A run of changed lines: before[beforeStart, beforeEnd) became after[afterStart, afterEnd). */
export interface Hunk {
  beforeStart: number;
  beforeEnd: number;
  afterStart: number;
  afterEnd: number;
}

/**
 * Myers' O((N+M)D) line diff. Fix edits change few lines of long files, so D
 * stays small; common prefix and suffix are trimmed first.
 */
export function diffLines(before: readonly string[], after: readonly string[]): Hunk[] {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  const a = before.slice(prefix, before.length - suffix);
  const b = after.slice(prefix, after.length - suffix);
  if (a.length === 0 && b.length === 0) return [];
  if (a.length === 0 || b.length === 0) {
    return [{ beforeStart: prefix, beforeEnd: prefix + a.length, afterStart: prefix, afterEnd: prefix + b.length }];
  }

  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  trace.push(v.slice());

  // Walk back through the saved frontiers to recover the edit script as matched pairs.
  const matches: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const frontier = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && frontier[offset + k - 1] < frontier[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : frontier[offset + prevK];
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      matches.push([x, y]);
    }
    if (d > 0) {
      x = prevX;
      y = prevY;
    }
  }
  matches.reverse();

  const hunks: Hunk[] = [];
  let ai = 0;
  let bi = 0;
  for (const [ma, mb] of [...matches, [n, m] as [number, number]]) {
    if (ma > ai || mb > bi) {
      hunks.push({ beforeStart: prefix + ai, beforeEnd: prefix + ma, afterStart: prefix + bi, afterEnd: prefix + mb });
    }
    ai = ma + 1;
    bi = mb + 1;
  }
  return hunks;
}

/** The smallest line-level edits that turn `before` into `after`: untouched lines are not part of any edit. */
export function diffEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  const starts = [0];
  for (const line of a) starts.push(starts[starts.length - 1] + line.length);
  return diffLines(a, b).map((hunk) => ({
    start: starts[hunk.beforeStart],
    end: starts[hunk.beforeEnd],
    newText: b.slice(hunk.afterStart, hunk.afterEnd).join(''),
  }));
}

/** Applies non-overlapping edits given as offsets into `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    result += text.slice(position, edit.start) + edit.newText;
    position = Math.max(position, edit.end);
  }
  return result + text.slice(position);
}

/**
 * A line as patch lines: without its '\n' but with any '\r', because patch and git apply compare
 * lines byte for byte and a CRLF file's patch without its CRs does not apply; a line without a
 * newline (the last of a file) is followed by diff's marker, which belongs to that line alone.
 */
function patchLines(prefix: ' ' | '-' | '+', line: string): string[] {
  if (!line.endsWith('\n')) return [`${prefix}${line}`, '\\ No newline at end of file'];
  return [`${prefix}${line.slice(0, -1)}`];
}

/** A `diff -u` style patch between two texts (empty when equal). */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const hunks = diffLines(a, b);
  if (hunks.length === 0) return '';
  // Relative paths get git's a/ b/ prefixes (`patch -p1`, `git apply`); absolute ones stay as they are.
  const plain = path.startsWith('/') || path === '-';
  const out = [`--- ${plain ? path : `a/${path}`}`, `+++ ${plain ? path : `b/${path}`}`];
  let i = 0;
  while (i < hunks.length) {
    // Hunks closer than two contexts apart are printed as one.
    let j = i;
    while (j + 1 < hunks.length && hunks[j + 1].beforeStart - hunks[j].beforeEnd <= 2 * context) j++;
    const startA = Math.max(0, hunks[i].beforeStart - context);
    const endA = Math.min(a.length, hunks[j].beforeEnd + context);
    const startB = hunks[i].afterStart - (hunks[i].beforeStart - startA);
    const endB = hunks[j].afterEnd + (endA - hunks[j].beforeEnd);
    out.push(`@@ -${startA + 1},${endA - startA} +${startB + 1},${endB - startB} @@`);
    let cursor = startA;
    for (let h = i; h <= j; h++) {
      const hunk = hunks[h];
      for (; cursor < hunk.beforeStart; cursor++) out.push(...patchLines(' ', a[cursor]));
      for (let k = hunk.beforeStart; k < hunk.beforeEnd; k++) out.push(...patchLines('-', a[k]));
      for (let k = hunk.afterStart; k < hunk.afterEnd; k++) out.push(...patchLines('+', b[k]));
      cursor = hunk.beforeEnd;
    }
    for (; cursor < endA; cursor++) out.push(...patchLines(' ', a[cursor]));
    i = j + 1;
  }
  return out.join('\n');
}
