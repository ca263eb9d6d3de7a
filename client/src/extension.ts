import * as path from 'path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  FIX_ALL_COMMAND,
  INDEX_CHANGED_NOTIFICATION,
  STATE_CHANGED_NOTIFICATION,
  TIER_INFO_REQUEST,
  WORKSPACE_TRUSTED_NOTIFICATION,
  type FixAllCommandArgs,
  type KubetierInitializationOptions,
  type TierInfo,
} from '../../server/src/protocol';
import { TIER_NAMES, TIERS, type Tier } from '../../server/src/engine/types';
import { registerChecklist } from './checklist';
import { registerResourceMap } from './map';
import { GENERATE_BUNDLE_COMMAND, generateBundleCommand } from './generate/command';
import { RestartPolicy } from './restartPolicy';
import { registerShowLinks } from './showLinks';

let client: LanguageClient | undefined;
const restartPolicy = new RestartPolicy();

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    // The server registers its own watcher for .kubetier.yaml files (it works with every editor).
    // File events keep the server's workspace index current (files created, changed or deleted outside the editor).
    // Creations and deletions of everything: a folder moved into place (a generated bundle) is one event for the folder.
    synchronize: {
      // files.exclude too: the server re-reads the workspace when it changes.
      configurationSection: ['kubetier', 'files.exclude'],
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*', false, true, false),
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}', true, false, true),
      ],
    },
    // Enabled extensions are the ones getExtension finds; redhat.vscode-yaml activates on YAML too.
    // A function, so a server restart sees redhat.vscode-yaml installed or removed since.
    initializationOptions: (): KubetierInitializationOptions => ({
      redhatYamlActive: vscode.extensions.getExtension('redhat.vscode-yaml') !== undefined,
      // The fileEvents above already send YAML changes: the server need not ask for them again.
      clientWatchesFiles: true,
      // Rendering runs helm and kubectl: only in a trusted workspace (Restricted Mode renders nothing and says so).
      workspaceTrusted: vscode.workspace.isTrusted,
    }),
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const decision = restartPolicy.onClosed(Date.now());
        if (decision.notify) {
          const show = decision.restart ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
          void show(decision.notify);
        }
        return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  return new LanguageClient('kubetier', 'kubetier', serverOptions, clientOptions);
}

/** Where a TierInfo.source came from; a `.kubetier.yaml` source is the file's path. */
function tierSourceKind(source: string): 'modeline' | 'config' | 'setting' | 'default' | 'other' {
  if (source.startsWith('modeline')) return 'modeline';
  if (/[\\/]/.test(source)) return 'config';
  if (source === 'kubetier.tier setting') return 'setting';
  return source === 'default' ? 'default' : 'other';
}

const SHORT_SOURCE = { modeline: 'modeline', config: '.kubetier.yaml', setting: 'setting', default: 'default', other: '' } as const;

/** Status bar item: the active document's tier and where it came from; click to pick a tier. */
function createTierStatus(context: vscode.ExtensionContext, languageClient: LanguageClient): () => Promise<void> {
  const item = vscode.window.createStatusBarItem('kubetier.tier', vscode.StatusBarAlignment.Right, 100);
  item.name = 'kubetier tier';
  item.command = 'kubetier.selectTier';
  context.subscriptions.push(item);

  return async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'yaml') {
      item.hide();
      return;
    }
    const info = await languageClient
      .sendRequest<TierInfo | null>(TIER_INFO_REQUEST, { uri: editor.document.uri.toString() })
      .catch(() => null);
    if (!info) {
      item.hide();
      return;
    }
    const short = SHORT_SOURCE[tierSourceKind(info.source)];
    item.text = `$(layers) Tier ${info.tier}${short ? ` · ${short}` : ''}`;
    item.tooltip = new vscode.MarkdownString(
      `**kubetier**: tier ${info.tier} (${TIER_NAMES[info.tier]}), Kubernetes ${info.kubernetesVersion}\n\nFrom: ${info.source}\n\nClick to change the \`kubetier.tier\` setting (a modeline or \`.kubetier.yaml\` wins over it).`,
    );
    item.show();
  };
}

async function selectTier(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const configuration = vscode.workspace.getConfiguration('kubetier', editor?.document.uri);
  const current = configuration.get<number>('tier');
  const picks = TIERS.map((tier: Tier) => ({
    label: `Tier ${tier}`,
    description: `${TIER_NAMES[tier]}${tier === current ? ' (current setting)' : ''}`,
    tier,
  }));
  const pick = await vscode.window.showQuickPick(picks, { placeHolder: 'Target tier for kubetier diagnostics (kubetier.tier setting)' });
  if (!pick) return;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await configuration.update('tier', pick.tier, target);
  // The setting is the weakest tier source: say so when a modeline or .kubetier.yaml decides this file.
  if (!editor || !client) return;
  const info = await client
    .sendRequest<TierInfo | null>(TIER_INFO_REQUEST, { uri: editor.document.uri.toString() })
    .catch(() => null);
  const kind = info ? tierSourceKind(info.source) : 'other';
  if (info && (kind === 'modeline' || kind === 'config') && info.tier !== pick.tier) {
    void vscode.window.showInformationMessage(
      `kubetier: this file stays at tier ${info.tier} because its ${kind === 'modeline' ? 'modeline' : `.kubetier.yaml (${info.source})`} wins over the setting.`,
    );
  }
}

/** "Fix all kubetier problems in file": the server applies the safe fixes through workspace/applyEdit. */
async function fixAllInActiveEditor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== 'yaml') return;
  const args: FixAllCommandArgs = { uri: editor.document.uri.toString(), version: editor.document.version };
  const result = await client.sendRequest<{ applied: boolean; reason?: string } | null>('workspace/executeCommand', {
    command: FIX_ALL_COMMAND,
    arguments: [args],
  });
  if (result && !result.applied && result.reason) void vscode.window.setStatusBarMessage(`kubetier: ${result.reason}`, 4000);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  try {
    client = createClient(context);
    const refreshStatus = createTierStatus(context, client);
    context.subscriptions.push(
      vscode.commands.registerCommand('kubetier.selectTier', selectTier),
      vscode.commands.registerCommand('kubetier.fixAll', fixAllInActiveEditor),
      vscode.commands.registerCommand(GENERATE_BUNDLE_COMMAND, generateBundleCommand),
      registerShowLinks(() => client),
      vscode.commands.registerCommand('kubetier.restartServer', () => {
        restartPolicy.reset();
        return client?.restart();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('kubetier')) void refreshStatus();
      }),
    );
    await client.start();
    const refreshChecklist = registerChecklist(context, client);
    const refreshMap = registerResourceMap(context, client);
    context.subscriptions.push(
      client.onNotification(STATE_CHANGED_NOTIFICATION, () => {
        void refreshStatus();
        refreshChecklist();
        refreshMap();
      }),
      client.onNotification(INDEX_CHANGED_NOTIFICATION, () => {
        refreshChecklist();
        refreshMap();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION)),
    );
    await refreshStatus();
  } catch (error) {
    // VS Code does not tell the user when an extension fails to activate, so we do.
    void vscode.window.showErrorMessage(`kubetier failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
