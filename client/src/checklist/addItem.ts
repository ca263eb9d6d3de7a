import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { existingFiles, nameFrom, writeBundle } from '../../../server/src/generator';
import { CHECKLIST_PART_REQUEST, type ChecklistPartParams, type ChecklistPartResult } from '../../../server/src/protocol';

export const ADD_CHECKLIST_ITEM_COMMAND = 'kubetier.addChecklistItem';

export interface AddChecklistItemArgs {
  itemId: string;
  /** Folder to write into (relative to the first workspace folder); asked when absent. */
  target?: string;
  /** Overwrite files the part shares with the folder without asking. */
  overwrite?: boolean;
}

export interface AddChecklistItemResult {
  target: string;
  files: string[];
}

async function askFolder(base: string | undefined, files: readonly string[], title: string): Promise<string | undefined> {
  const CHOOSE = 'Choose a folder…';
  const picks = [...(base ? [{ label: path.basename(base), description: 'workspace folder', folder: base }] : []), { label: CHOOSE, folder: undefined }];
  const pick = await vscode.window.showQuickPick(picks, {
    title: `Generate what "${title}" needs`,
    placeHolder: `Where should ${files.join(', ')} go?`,
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  if (pick.folder) return pick.folder;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: base ? vscode.Uri.file(base) : undefined, openLabel: 'Generate here' });
  return chosen?.[0]?.fsPath;
}

/**
 * Writes the generated files that make a missing checklist item done (the server picks them from a
 * generated bundle with the item's own detector) into a folder the user picks, keeping the bundle's
 * relative paths. Files already there are only replaced after a confirmation naming them.
 */
export async function addChecklistItem(client: LanguageClient, args: AddChecklistItemArgs, title = args.itemId): Promise<AddChecklistItemResult | undefined> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const params: ChecklistPartParams = { itemId: args.itemId, name: nameFrom(base && path.basename(base)) };
  const { files } = await client.sendRequest<ChecklistPartResult>(CHECKLIST_PART_REQUEST, params);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(`kubetier: nothing to generate for "${title}"; see the item's criteria.`);
    return undefined;
  }
  const target = args.target !== undefined ? path.resolve(base ?? '.', args.target) : await askFolder(base, files.map((file) => file.path), title);
  if (!target) return undefined;
  const conflicts = existingFiles(target, files);
  if (conflicts.length > 0 && !args.overwrite) {
    const OVERWRITE = 'Overwrite';
    const answer = await vscode.window.showWarningMessage(
      `${conflicts.length} of these files already exist in ${target}: ${conflicts.join(', ')}. Overwrite them?`,
      { modal: true },
      OVERWRITE,
    );
    if (answer !== OVERWRITE) return undefined;
  }
  try {
    const result = writeBundle(target, files, true);
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(target, files[0].path)), { preview: false });
    return { target, files: result.written };
  } catch (error) {
    void vscode.window.showErrorMessage(`kubetier: could not write the files for "${title}": ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
