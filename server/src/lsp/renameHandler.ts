// textDocument/prepareRename and textDocument/rename: a ConfigMap, Secret, ServiceAccount, Service or
// workload name, with every reference naming it across the workspace, in one workspace edit.
import { ResponseError, ErrorCodes, type Connection, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { invalidName, renameNodes, renameTargets } from '../engine/links/rename';
import { locate } from '../engine/yaml/locate';
import type { NavigationHost } from './definitionHandler';
import { cursorOf } from './navigation';
import { pathToUri } from './uri';

/** A replacement keeping the scalar's quotes: `"web"` stays quoted. */
function replacement(source: string, name: string): string {
  const quote = source[0] === '"' || source[0] === "'" ? source[0] : '';
  return `${quote}${name}${quote}`;
}

export function registerRename(connection: Connection, { documents, index }: NavigationHost): void {
  connection.onPrepareRename((params) => {
    const cursor = cursorOf(documents, params);
    const targets = cursor && renameTargets(index, cursor.object, cursor.path);
    if (!cursor || !targets) return null;
    return { range: locate(cursor.object, cursor.path), placeholder: String(targets[0].name) };
  });
  connection.onRenameRequest((params): WorkspaceEdit => {
    const cursor = cursorOf(documents, params);
    const targets = cursor && renameTargets(index, cursor.object, cursor.path);
    if (!targets) throw new ResponseError(ErrorCodes.InvalidRequest, 'kubetier renames a ConfigMap, Secret, ServiceAccount, Service or workload from its name or a reference to it');
    const problem = invalidName(targets, params.newName);
    if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
    const changes: Record<string, TextEdit[]> = {};
    for (const node of renameNodes(index, targets)) {
      const range = locate(node.object, node.path);
      const source = node.object.file.text.slice(node.object.file.lines.offsetAt(range.start), node.object.file.lines.offsetAt(range.end));
      (changes[pathToUri(node.object.file.path)] ??= []).push({ range, newText: replacement(source, params.newName) });
    }
    return { changes };
  });
}
