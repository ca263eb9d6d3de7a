import * as path from 'path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  FIX_ALL_COMMAND,
  INDEX_CHANGED_NOTIFICATION,
  STATE_CHANGED_NOTIFICATION,
  WORKSPACE_TRUSTED_NOTIFICATION,
  type FixAllCommandArgs,
  type KubetierInitializationOptions,
} from '../../server/src/protocol';
import { registerChecklist } from './checklist';
import { registerFolderCommands } from './folderCommands';
import { registerResourceMap } from './map';
import { GENERATE_BUNDLE_COMMAND, generateBundleCommand } from './generate/command';
import { RestartPolicy } from './restartPolicy';
import { selectTier } from './selectTier';
import { registerShowLinks } from './showLinks';
import { STATUS_MENU_COMMAND, TierStatus } from './statusBar';
import { noteAppliedFixes, noteBundleGenerated, registerWalkthrough } from './walkthrough';

let client: LanguageClient | undefined;
const restartPolicy = new RestartPolicy();

function createClient(context: vscode.ExtensionContext, status: TierStatus): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server's V8 code cache goes to the extension's own storage (removed with the extension).
  const env = { ...process.env, KUBETIER_CODE_CACHE_DIR: path.join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
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
        status.serverFailed({
          message: decision.restart ? `The kubetier language server stopped unexpectedly at ${new Date().toLocaleTimeString()} and was restarted.` : (decision.notify ?? 'The kubetier language server stopped.'),
          stopped: !decision.restart,
        });
        if (decision.notify) {
          const show = decision.restart ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
          void show(decision.notify);
        }
        return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
      },
    },
    middleware: noteAppliedFixes,
  };
  return new LanguageClient('kubetier', 'kubetier', serverOptions, clientOptions);
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
    const status = new TierStatus(() => client);
    client = createClient(context, status);
    const generateBundle = async (args?: Parameters<typeof generateBundleCommand>[0]) => {
      const result = await generateBundleCommand(args);
      if (result) noteBundleGenerated();
      return result;
    };
    context.subscriptions.push(
      status,
      vscode.commands.registerCommand('kubetier.selectTier', () => selectTier(client)),
      vscode.commands.registerCommand('kubetier.fixAll', fixAllInActiveEditor),
      vscode.commands.registerCommand(GENERATE_BUNDLE_COMMAND, generateBundle),
      vscode.commands.registerCommand(STATUS_MENU_COMMAND, () => status.showMenu()),
      vscode.commands.registerCommand('kubetier.showOutput', () => client?.outputChannel.show(true)),
      registerFolderCommands(() => client, noteBundleGenerated),
      registerWalkthrough(),
      registerShowLinks(() => client),
      vscode.commands.registerCommand('kubetier.restartServer', () => {
        restartPolicy.reset();
        status.restarted();
        return client?.restart();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => void status.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('kubetier')) void status.refresh();
      }),
    );
    await client.start();
    const refreshChecklist = registerChecklist(context, client);
    const refreshMap = registerResourceMap(context, client);
    context.subscriptions.push(
      client.onNotification(STATE_CHANGED_NOTIFICATION, () => {
        void status.refresh();
        refreshChecklist();
        refreshMap();
      }),
      client.onNotification(INDEX_CHANGED_NOTIFICATION, () => {
        refreshChecklist();
        refreshMap();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION)),
    );
    await status.refresh();
  } catch (error) {
    // VS Code does not tell the user when an extension fails to activate, so we do.
    void vscode.window.showErrorMessage(`kubetier failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
