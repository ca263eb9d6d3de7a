// textDocument/references: every reference in the workspace to what the cursor names or is on.
import type { Connection } from 'vscode-languageserver';
import { referencesAt } from '../engine/links/navigate';
import type { NavigationHost } from './definitionHandler';
import { cursorOf, uniqueLocations } from './navigation';

export function registerReferences(connection: Connection, { documents, index }: NavigationHost): void {
  connection.onReferences((params) => {
    const cursor = cursorOf(documents, params);
    return cursor ? uniqueLocations(referencesAt(index, cursor.object, cursor.path, params.context.includeDeclaration)) : null;
  });
}
