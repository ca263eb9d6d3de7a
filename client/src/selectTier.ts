// "Select target tier": pick a tier, then where to write it. A modeline or `.kubetier.yaml` that decides
// the active file's tier is offered first (a setting would be overridden there); otherwise the workspace
// setting or a new shared `.kubetier.yaml` at the workspace root.
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CONFIG_FILE_NAME } from '../../server/src/engine/lint/config';
import { TIER_NAMES, TIERS, type Tier } from '../../server/src/engine/types';
import { TIER_INFO_REQUEST, type TierInfo } from '../../server/src/protocol';
import { newConfigText, tierDestinations, tierSourceKind, withConfigTier, withModelineTier, type TierDestination } from './tierEdits';

/** Set when a tier was written anywhere: the walkthrough's first step completes on it. */
export const TIER_CHOSEN_CONTEXT = 'kubetier.tierChosen';

export async function selectTier(client: LanguageClient | undefined): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document.languageId === 'yaml' ? editor.document : undefined;
  const info = document && client?.isRunning() ? await client.sendRequest<TierInfo | null>(TIER_INFO_REQUEST, { uri: document.uri.toString() }).catch(() => null) : null;
  const current = info?.tier ?? vscode.workspace.getConfiguration('kubetier', document?.uri).get<number>('tier');
  const tierPick = await vscode.window.showQuickPick(
    TIERS.map((tier: Tier) => ({ label: `Tier ${tier}`, description: `${TIER_NAMES[tier]}${tier === current ? ' (current)' : ''}`, tier })),
    { title: 'kubetier: Select target tier', placeHolder: info ? `This file is at tier ${info.tier}, from ${info.source}` : 'Target tier for kubetier diagnostics' },
  );
  if (!tierPick) return false;
  const folder = (document && vscode.workspace.getWorkspaceFolder(document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  const rootConfig = folder ? path.join(folder.uri.fsPath, CONFIG_FILE_NAME) : undefined;
  const kind = info ? tierSourceKind(info.source) : 'other';
  const destinations = tierDestinations(kind, rootConfig !== undefined && !(await exists(rootConfig)));
  const destination = destinations.length === 1 ? destinations[0] : await pickDestination(destinations, info, rootConfig);
  if (!destination) return false;
  const written = await write(destination, tierPick.tier, { document, configPath: kind === 'config' ? info!.source : rootConfig, folder });
  if (written) await vscode.commands.executeCommand('setContext', TIER_CHOSEN_CONTEXT, true);
  return written;
}

async function pickDestination(destinations: TierDestination[], info: TierInfo | null | undefined, rootConfig: string | undefined): Promise<TierDestination | undefined> {
  const describe: Record<TierDestination, { label: string; detail: string }> = {
    modeline: { label: '$(edit) The modeline of this file', detail: `${info?.source ?? ''}: it decides this file's tier` },
    config: { label: `$(file) ${path.basename(info?.source ?? CONFIG_FILE_NAME)}`, detail: `${info?.source ?? ''}: it decides the tier of every file below it, in the editor and in CI` },
    newConfig: { label: `$(new-file) A new ${CONFIG_FILE_NAME} at the workspace root`, detail: `${rootConfig ?? ''}: shared with everyone who opens the repository and with kubetier lint in CI` },
    setting: {
      label: '$(settings-gear) The kubetier.tier workspace setting',
      detail: info && ['modeline', 'config'].includes(tierSourceKind(info.source)) ? `this file's ${tierSourceKind(info.source) === 'modeline' ? 'modeline' : CONFIG_FILE_NAME} wins over it` : 'for you in this workspace',
    },
  };
  const pick = await vscode.window.showQuickPick(
    destinations.map((destination) => ({ ...describe[destination], destination })),
    { title: 'kubetier: where to write the tier', placeHolder: 'The first place decides the tier of the active file' },
  );
  return pick?.destination;
}

interface WriteContext {
  document: vscode.TextDocument | undefined;
  configPath: string | undefined;
  folder: vscode.WorkspaceFolder | undefined;
}

async function write(destination: TierDestination, tier: Tier, { document, configPath, folder }: WriteContext): Promise<boolean> {
  if (destination === 'setting') {
    const target = folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('kubetier', document?.uri).update('tier', tier, target);
    return true;
  }
  if (destination === 'modeline' && document) return replaceText(document, withModelineTier(document.getText(), tier), 'its modeline could not be read');
  if (!configPath) return false;
  const uri = vscode.Uri.file(configPath);
  if (destination === 'newConfig') {
    // Created only when absent: an existing file is never replaced (it would have been offered as "config").
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(newConfigText(tier)) });
    const created = await vscode.workspace.applyEdit(edit);
    if (created) await vscode.window.showTextDocument(uri, { preview: true });
    return created;
  }
  const config = await vscode.workspace.openTextDocument(uri);
  return replaceText(config, withConfigTier(config.getText(), tier), `${configPath} is not a YAML map; set tier: ${tier} in it by hand`);
}

/** Replaces the whole text as one undoable edit, and saves a file that was saved before (so the server reads it). */
async function replaceText(document: vscode.TextDocument, text: string | undefined, failure: string): Promise<boolean> {
  if (text === undefined) {
    void vscode.window.showErrorMessage(`kubetier: ${failure}.`);
    return false;
  }
  if (text === document.getText()) return true;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  const wasDirty = document.isDirty;
  const applied = await vscode.workspace.applyEdit(edit);
  if (applied && !wasDirty && !document.isUntitled) await document.save();
  return applied;
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(filePath));
    return true;
  } catch {
    return false;
  }
}
