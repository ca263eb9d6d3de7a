import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ADD_CHECKLIST_ITEM_COMMAND, addChecklistItem, type AddChecklistItemArgs } from './addItem';
import { CHECKLIST_VIEW_TYPE, ChecklistPanel } from './panel';
import { ReadinessView } from './readiness';

/**
 * Registers the checklist panel (command and reload serializer) and the tier readiness view.
 * Returns what to call when the server reports that findings or files changed.
 */
export function registerChecklist(context: vscode.ExtensionContext, client: LanguageClient): () => void {
  const readiness = new ReadinessView(client);
  context.subscriptions.push(
    vscode.commands.registerCommand('kubetier.showChecklist', () => ChecklistPanel.show(context, client)),
    // What the panel's "Generate…" runs, as a command so it can be run (and tested) with preset answers.
    vscode.commands.registerCommand(ADD_CHECKLIST_ITEM_COMMAND, (args: AddChecklistItemArgs) => addChecklistItem(client, args)),
    vscode.window.registerWebviewPanelSerializer(CHECKLIST_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => ChecklistPanel.restore(panel, context, client),
    }),
  );
  const readinessTree = vscode.window.createTreeView('kubetier.readiness', { treeDataProvider: readiness });
  const refreshReadiness = async () => {
    await readiness.refresh();
    readinessTree.description = readiness.projectName;
  };
  context.subscriptions.push(
    readinessTree,
    // Readiness scores the project of the file being edited: follow the editor into another project.
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor && readiness.scoresAnotherProject(editor.document.uri.toString())) void refreshReadiness();
    }),
  );
  void refreshReadiness();
  let timer: NodeJS.Timeout | undefined;
  return () => {
    // Bursts of edits produce bursts of notifications; recompute once they settle.
    clearTimeout(timer);
    timer = setTimeout(() => {
      ChecklistPanel.refreshIfOpen();
      void refreshReadiness();
    }, 400);
  };
}
