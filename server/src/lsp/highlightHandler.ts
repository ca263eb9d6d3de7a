// textDocument/documentHighlight: in this document, the name under the cursor and what refers to it.
import { DocumentHighlightKind, type Connection, type DocumentHighlight } from 'vscode-languageserver';
import type { NodeRef } from '../engine/links/lens';
import { referencesAt, subjectsAt } from '../engine/links/navigate';
import type { NavigationHost } from './definitionHandler';
import { cursorOf, uniqueLocations } from './navigation';

export function registerDocumentHighlight(connection: Connection, { documents, index }: NavigationHost): void {
  connection.onDocumentHighlight((params) => {
    const cursor = cursorOf(documents, params);
    if (!cursor) return null;
    const inThisFile = (node: NodeRef) => node.object.file === cursor.object.file;
    const declarations = new Set(uniqueLocations(subjectsAt(index, cursor.object, cursor.path)).map((location) => JSON.stringify(location)));
    // Only the declaration and nothing naming it: null lets the editor highlight the word as usual.
    const highlights: DocumentHighlight[] = uniqueLocations(referencesAt(index, cursor.object, cursor.path, true).filter(inThisFile))
      .map((location) => ({ range: location.range, kind: declarations.has(JSON.stringify(location)) ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
    return highlights.length > 1 ? highlights : null;
  });
}
