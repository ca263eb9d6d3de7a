// textDocument/documentSymbol (the outline: objects, containers, ports, volumes) and workspace/symbol
// (every object of the workspace index).
import { SymbolKind, type Connection, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import { kindRange } from '../engine/yaml/locate';
import { outline, type OutlineKind, type OutlineNode } from '../engine/yaml/outline';
import type { NavigationHost } from './definitionHandler';
import { pathToUri } from './uri';

const SYMBOL_KINDS: Record<OutlineKind, SymbolKind> = {
  object: SymbolKind.Class,
  container: SymbolKind.Module,
  port: SymbolKind.Number,
  volume: SymbolKind.File,
};

/** Which object a workspace symbol stands for, until it is resolved. */
interface SymbolData {
  path: string;
  objectIndex: number;
}

/** workspace/symbol answers at most this many (the editor asks again as the query narrows). */
const MAX_WORKSPACE_SYMBOLS = 1000;

function documentSymbol(node: OutlineNode): DocumentSymbol {
  return {
    name: node.name,
    detail: node.detail,
    kind: SYMBOL_KINDS[node.kind],
    range: node.range,
    selectionRange: node.selectionRange,
    children: node.children.map(documentSymbol),
  };
}

/** Characters of the query in order, case-insensitive (what editors' symbol pickers match). */
function fuzzyMatches(query: string, label: string): boolean {
  let at = 0;
  const lower = label.toLowerCase();
  for (const char of query.toLowerCase()) {
    if (char === ' ') continue;
    at = lower.indexOf(char, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

export interface SymbolsHost extends NavigationHost {
  /** The client resolves a workspace symbol's range when it is picked. */
  resolvesRanges(): boolean;
}

export function registerSymbols(connection: Connection, { documents, index, resolvesRanges }: SymbolsHost): void {
  connection.onDocumentSymbol((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? outline(documents.ensureParsed(document)).map(documentSymbol) : null;
  });
  connection.onWorkspaceSymbol((params) => {
    const symbols: WorkspaceSymbol[] = [];
    for (const object of index.objects()) {
      const name = `${object.kind} ${object.name ?? '(no name)'}`;
      if (!fuzzyMatches(params.query, name)) continue;
      // The range needs the file's syntax tree, which files the editor has not opened build lazily: left to resolve where the client can.
      const uri = pathToUri(object.file.path);
      const data: SymbolData = { path: object.file.path, objectIndex: object.file.objects.indexOf(object) };
      const location = resolvesRanges() ? { uri } : { uri, range: kindRange(object) };
      symbols.push({ name, kind: SymbolKind.Class, containerName: object.namespace, location, data });
      if (symbols.length >= MAX_WORKSPACE_SYMBOLS) break;
    }
    return symbols;
  });
  connection.onWorkspaceSymbolResolve((symbol) => {
    const data = symbol.data as SymbolData | undefined;
    const object = data ? index.get(data.path)?.objects[data.objectIndex] : undefined;
    return object ? { ...symbol, location: { uri: pathToUri(object.file.path), range: kindRange(object) } } : symbol;
  });
}
