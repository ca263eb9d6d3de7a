// The command kubetier's code lenses run: list the linked objects in VS Code's references peek.
// The server sends LSP shapes; editor.action.showReferences wants VS Code's own types.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Location, Position } from 'vscode-languageserver-protocol';
import { SHOW_LINKS_COMMAND } from '../../server/src/protocol';

export function registerShowLinks(client: () => LanguageClient | undefined): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_LINKS_COMMAND, async (uri: string, position: Position, locations: Location[]) => {
    const converter = client()?.protocol2CodeConverter;
    if (!converter || typeof uri !== 'string' || !Array.isArray(locations)) return;
    await vscode.commands.executeCommand(
      'editor.action.showReferences',
      converter.asUri(uri),
      converter.asPosition(position),
      locations.map((location) => converter.asLocation(location)),
    );
  });
}
