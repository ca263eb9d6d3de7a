// Completion of names from the workspace (engine/links/candidates.ts) at a value being typed: the
// slot comes from the keys around the cursor, read from the text (it may not parse yet).
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import { isPodLabelSelector, labelCandidates, nameCandidates, nameSlot, type NameCandidate, type SiblingValue } from '../engine/links/candidates';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import type { KubeObject, ParsedFile } from '../engine/yaml/model';
import { lineContext, type LineContext } from './completion';
import { documentKind, enclosingDocument } from './documentSlice';

type ValueContext = Extract<LineContext, { at: 'value' }>;

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

/** The workspace's answers at a value: a selector label's values, else the names its slot takes. */
function valueCandidates(request: NameCompletionRequest, context: ValueContext, near: KubeObject | undefined, kind: string | undefined): NameCandidate[] {
  const { text, position, index } = request;
  if (isPodLabelSelector(context.parents, kind)) return labelCandidates(index, near, context.key);
  const lines = text.split('\n');
  const column = keyColumn(lines[position.line]) ?? 0;
  const parent = parentLine(lines, position.line, column);
  const parentSiblings: SiblingValue = parent === undefined ? () => undefined : siblings(lines, parent, keyColumn(lines[parent]) ?? 0);
  const slot = nameSlot(context.parents, context.key, siblings(lines, position.line, column), parentSiblings);
  return slot ? nameCandidates(index, near, slot) : [];
}

/**
 * Names (or keys, or ports) the value at the cursor can take, from the workspace, and the labels of pod
 * templates where a selector's labels are typed; empty elsewhere.
 */
export function nameCompletions(request: NameCompletionRequest): CompletionItem[] {
  const { text, position, file, index } = request;
  const context = lineContext(text, position);
  if (!context || (context.at !== 'value' && context.at !== 'key')) return [];
  const offset = file.lines.offsetAt(position);
  const near = file.documents.find((document) => document.span[0] <= offset && offset <= document.span[1])?.objects[0];
  // The kind from the text: a document being typed may not parse.
  const slice = enclosingDocument(text, position.line);
  const kind = slice ? documentKind(slice.text)?.kind : undefined;
  const atKey = context.at === 'key';
  if (atKey && !isPodLabelSelector(context.parents, kind)) return [];
  const candidates = atKey ? labelCandidates(index, near) : valueCandidates(request, context, near, kind);
  const start = { line: position.line, character: position.character - context.prefix.length };
  return candidates.map((candidate, i) => ({
    label: candidate.label,
    kind: atKey ? CompletionItemKind.Value : CompletionItemKind.Reference,
    detail: candidate.detail,
    documentation: candidate.documentation,
    sortText: `0${String(i).padStart(4, '0')}`,
    filterText: candidate.label,
    textEdit: { range: { start, end: position }, newText: candidate.label },
  }));
}
