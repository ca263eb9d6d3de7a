// textDocument/definition: from a reference (a ConfigMap name, a selector, a backend, a named port) to what it names.
import type { Connection } from 'vscode-languageserver';
import { definitionsAt } from '../engine/links/navigate';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import type { OpenDocuments } from './lintPipeline';
import { cursorOf, uniqueLocations } from './navigation';

export interface NavigationHost {
  documents: OpenDocuments;
  index: WorkspaceIndex;
}

export function registerDefinition(connection: Connection, { documents, index }: NavigationHost): void {
  connection.onDefinition((params) => {
    const cursor = cursorOf(documents, params);
    return cursor ? uniqueLocations(definitionsAt(index, cursor.object, cursor.path)) : null;
  });
}
