import { stringify } from 'yaml';
import { yaml11Reading } from '../yaml/yaml11';
import { isEmptyCollection, isPlainMap, type Plain } from './plain';
import type { LayoutStyle } from './style';

// New YAML text in the file's own style (LayoutStyle): scalars quoted only where YAML 1.1 readers
// need it, block maps and sequences at given columns, flow collections inside flow context.

export function renderScalar(value: unknown, style: LayoutStyle, flow: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  const text = String(value);
  if (/[\r\n]/.test(text)) return JSON.stringify(text);
  const plain = stringify(text, { lineWidth: 0 }).replace(/\n$/, '');
  // Text YAML 1.1 (kubectl) reads as a boolean or an octal number stays a string only when quoted.
  if (plain === text && !(flow && /[,[\]{}]/.test(text)) && !yaml11Reading(text)) return text;
  return style.quote === 'single' ? `'${text.replace(/'/g, "''")}'` : JSON.stringify(text);
}

/** Flow style (`{a: 1, b: [x]}`), for values inside flow collections. */
export function renderFlow(value: unknown, style: LayoutStyle): string {
  if (Array.isArray(value)) return `[${value.map((item) => renderFlow(item, style)).join(', ')}]`;
  if (isPlainMap(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${renderScalar(key, style, true)}: ${renderFlow(item, style)}`)
      .join(', ')}}`;
  }
  return renderScalar(value, style, true);
}

export function pad(column: number): string {
  return ' '.repeat(column);
}

/** What follows `key:` for a value whose key sits at keyColumn: ` scalar` or a newline and a block. */
export function renderAfterKey(value: unknown, keyColumn: number, style: LayoutStyle): string {
  if (isPlainMap(value) && !isEmptyCollection(value)) return style.eol + renderMapLines(value, keyColumn + style.indent, style);
  if (Array.isArray(value) && value.length > 0) return style.eol + renderSequenceLines(value, keyColumn + style.sequenceIndent, style);
  return ` ${isEmptyCollection(value) ? renderFlow(value, style) : renderScalar(value, style, false)}`;
}

/** Block map lines at a column, joined by the file's line ending, without a trailing one. */
export function renderMapLines(map: Plain, column: number, style: LayoutStyle): string {
  return Object.entries(map)
    .map(([key, value]) => `${pad(column)}${renderScalar(key, style, false)}:${renderAfterKey(value, column, style)}`)
    .join(style.eol);
}

/** One `- item` at a dash column; an item map starts on the dash line. */
export function renderSequenceItem(item: unknown, dashColumn: number, style: LayoutStyle): string {
  const dash = `-${pad(style.itemOffset - 1)}`;
  if (isPlainMap(item) && !isEmptyCollection(item)) {
    const lines = renderMapLines(item, dashColumn + style.itemOffset, style);
    return pad(dashColumn) + dash + lines.slice(dashColumn + style.itemOffset);
  }
  const scalar = Array.isArray(item) || isEmptyCollection(item) ? renderFlow(item, style) : renderScalar(item, style, false);
  return `${pad(dashColumn)}- ${scalar}`;
}

function renderSequenceLines(items: unknown[], dashColumn: number, style: LayoutStyle): string {
  return items.map((item) => renderSequenceItem(item, dashColumn, style)).join(style.eol);
}

/** A whole new document (`addDocument`), ending with a line break. */
export function renderDocument(value: Plain, style: LayoutStyle): string {
  return renderMapLines(value, 0, style) + style.eol;
}
