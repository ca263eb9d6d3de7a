// The Explorer's folder context menu: "Generate tier bundle here" (the bundle goes in the folder, under
// its name) and "Lint folder" (the folder's problems in the Problems panel, whatever kubetier.problems.scope says).
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LINT_FOLDER_REQUEST, type LintFolderResult } from '../../server/src/protocol';
import { generateBundleCommand, type GenerateBundleResult } from './generate/command';
import type { GenerateBundleArgs } from './generate/plan';

export const GENERATE_HERE_COMMAND = 'kubetier.generateBundleHere';
export const LINT_FOLDER_COMMAND = 'kubetier.lintFolder';

export function registerFolderCommands(client: () => LanguageClient | undefined, generated: (result: GenerateBundleResult) => void): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(GENERATE_HERE_COMMAND, async (folder?: vscode.Uri, preset?: GenerateBundleArgs) => {
      const result = await generateBundleCommand({ ...preset, ...(folder ? { parent: folder.fsPath } : {}) });
      if (result) generated(result);
      return result;
    }),
    vscode.commands.registerCommand(LINT_FOLDER_COMMAND, async (folder?: vscode.Uri): Promise<LintFolderResult | undefined> => {
      const languageClient = client();
      if (!folder || !languageClient?.isRunning()) {
        void vscode.window.showWarningMessage('kubetier: Lint folder needs a folder from the Explorer and a running language server.');
        return undefined;
      }
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `kubetier: linting ${path.basename(folder.fsPath)}` }, () =>
        languageClient.sendRequest<LintFolderResult>(LINT_FOLDER_REQUEST, { uri: folder.toString() }),
      );
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      const where = vscode.workspace.asRelativePath(folder);
      void vscode.window.showInformationMessage(
        result.files === 0
          ? `kubetier: no indexed YAML file under ${where}.`
          : `kubetier: ${result.problems} problems in ${result.filesWithProblems} of ${result.files} YAML files under ${where} (see the Problems panel).`,
      );
      return result;
    }),
  );
}
