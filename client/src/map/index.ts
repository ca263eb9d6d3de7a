import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { MAP_VIEW_TYPE, MapPanel } from './panel';

export const SHOW_RESOURCE_MAP_COMMAND = 'kubetier.showResourceMap';

/** Registers the resource map (command, reload serializer). Returns what to call when the server reports a change. */
export function registerResourceMap(context: vscode.ExtensionContext, client: LanguageClient): () => void {
  MapPanel.editorChanged(vscode.window.activeTextEditor);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_RESOURCE_MAP_COMMAND, () => MapPanel.show(context, client)),
    vscode.window.registerWebviewPanelSerializer(MAP_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => MapPanel.restore(panel, context, client),
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => MapPanel.editorChanged(editor)),
  );
  let timer: NodeJS.Timeout | undefined;
  return () => {
    // Typing sends a change per keystroke: the map is recomputed once the edits settle.
    clearTimeout(timer);
    timer = setTimeout(() => MapPanel.refreshIfOpen(), 500);
  };
}
