// Completion of names from the workspace (engine/links/candidates.ts) at a value being typed: the
// slot comes from the keys around the cursor, read from the text (it may not parse yet).
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import { nameCandidates, nameSlot, type SiblingValue } from '../engine/links/candidates';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ParsedFile } from '../engine/yaml/model';
import { lineContext } from './completion';

/** Column of a line's key (after indentation and a `- `), or undefined for blank and comment lines. */
function keyColumn(line: string): number | undefined {
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  return /^\s*(?:-\s+)?/.exec(line)![0].length;
}

function startsItem(line: string, column: number): boolean {
  return /^\s*-\s+/.test(line) && keyColumn(line) === column;
}

/** Values of the keys of the block map whose keys start at `column` and that holds line `at`. */
function siblings(lines: readonly string[], at: number, column: number): SiblingValue {
  const values = new Map<string, string>();
  const record = (line: string) => {
    const match = /^\s*(?:-\s+)?([\w.-]+):\s+(?:"([^"]*)"|'([^']*)'|([^#\s][^#]*?))\s*(#.*)?$/.exec(line);
    if (match && !values.has(match[1])) values.set(match[1], match[2] ?? match[3] ?? match[4]);
  };
  for (let i = at; i >= 0; i--) {
    const col = keyColumn(lines[i]);
    if (col === undefined) continue;
    if (col < column) break;
    if (col > column) continue;
    record(lines[i]);
    // The first key of a sequence item: the map starts here.
    if (startsItem(lines[i], column)) break;
  }
  for (let i = at + 1; i < lines.length; i++) {
    const col = keyColumn(lines[i]);
    if (col === undefined) continue;
    if (col < column || startsItem(lines[i], column) || /^(---|\.\.\.)/.test(lines[i])) break;
    if (col === column) record(lines[i]);
  }
  return (key) => values.get(key);
}

/** The line of the key that holds line `at` (the nearest line above with a smaller key column). */
function parentLine(lines: readonly string[], at: number, column: number): number | undefined {
  for (let i = at - 1; i >= 0; i--) {
    const col = keyColumn(lines[i]);
    if (col !== undefined && col < column) return i;
  }
  return undefined;
}

export interface NameCompletionRequest {
  text: string;
  position: Position;
  file: ParsedFile;
  index: WorkspaceIndex;
}

/** Names (or keys, or ports) the value at the cursor can take, from the workspace; empty elsewhere. */
export function nameCompletions({ text, position, file, index }: NameCompletionRequest): CompletionItem[] {
  const context = lineContext(text, position);
  if (!context || context.at !== 'value') return [];
  const lines = text.split('\n');
  const column = keyColumn(lines[position.line]) ?? 0;
  const parent = parentLine(lines, position.line, column);
  const parentSiblings: SiblingValue = parent === undefined ? () => undefined : siblings(lines, parent, keyColumn(lines[parent]) ?? 0);
  const slot = nameSlot(context.parents, context.key, siblings(lines, position.line, column), parentSiblings);
  if (!slot) return [];
  const offset = file.lines.offsetAt(position);
  const near = file.documents.find((document) => document.span[0] <= offset && offset <= document.span[1])?.objects[0];
  const start = { line: position.line, character: position.character - context.prefix.length };
  return nameCandidates(index, near, slot).map((candidate, i) => ({
    label: candidate.label,
    kind: slot.of === 'key' ? CompletionItemKind.Property : CompletionItemKind.Reference,
    detail: candidate.detail,
    documentation: candidate.documentation,
    sortText: `0${String(i).padStart(4, '0')}`,
    filterText: candidate.label,
    textEdit: { range: { start, end: position }, newText: candidate.label },
  }));
}
