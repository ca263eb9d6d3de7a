// What initialize tells about the client (what it can do, which workspace folders it opened) and what
// the server answers with; workspace folder changes keep the folder list current.
import { TextDocumentSyncKind, type InitializeParams, type ServerCapabilities, type WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import type { KubetierInitializationOptions, KubetierSettings } from '../protocol';
import { initializationSettings } from './initializationSettings';
import { FIX_DECISIONS_COMMAND } from '../protocol';
import { CODE_ACTION_OPTIONS, FIX_ALL_COMMAND } from './codeActions';
import { uriToPath } from './uri';

export const SERVER_CAPABILITIES: ServerCapabilities = {
  // Saves re-render the charts and overlays a saved file is an input of.
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  hoverProvider: true,
  codeActionProvider: CODE_ACTION_OPTIONS,
  executeCommandProvider: { commands: [FIX_ALL_COMMAND, FIX_DECISIONS_COMMAND] },
  completionProvider: { triggerCharacters: ['=', ',', ' '] },
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  documentSymbolProvider: true,
  workspaceSymbolProvider: { resolveProvider: true },
  codeLensProvider: { resolveProvider: false },
  renameProvider: { prepareProvider: true },
  foldingRangeProvider: true,
  // Pulled problems of files not open (workspaceProblems.ts); open documents' problems are pushed.
  // Its own identifier: VS Code keeps pulled problems apart from the pushed `kubetier` collection.
  diagnosticProvider: { identifier: 'kubetier-workspace', interFileDependencies: true, workspaceDiagnostics: true },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

export class ClientState {
  /** The client answers workspace/configuration. */
  supportsConfiguration = false;
  /** The client watches files for the server when asked to (`.kubetier.yaml`). */
  supportsWatchedFilesRegistration = false;
  /** redhat.vscode-yaml is active (initialization options): `kubetier.schema.enable: auto` then leaves schemas to it. */
  redhatYamlActive = false;
  /** The client sends YAML file events without being asked (the VS Code extension). */
  clientWatchesFiles = false;
  /** `kubetier.*` settings given in the initialization options. */
  initializationSettings: Partial<KubetierSettings> = {};
  /** workspace/symbol may leave a symbol's range to workspaceSymbol/resolve. */
  supportsSymbolRangeResolve = false;
  /** Workspace edits may hold snippet text edits (LSP 3.18). */
  supportsSnippetEdits = false;
  /** Restricted mode unless the client says the workspace is trusted: nothing is executed then. */
  workspaceTrusted = false;
  /** File-system paths of the workspace folders. */
  folderPaths: string[] = [];

  initialize(params: InitializeParams): void {
    this.folderPaths = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri));
    if (this.folderPaths.length === 0 && params.rootUri) this.folderPaths = [uriToPath(params.rootUri)];
    this.supportsConfiguration = Boolean(params.capabilities.workspace?.configuration);
    this.supportsWatchedFilesRegistration = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    this.supportsSymbolRangeResolve = Boolean(params.capabilities.workspace?.symbol?.resolveSupport?.properties.includes('location.range'));
    this.supportsSnippetEdits = Boolean((params.capabilities.workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport);
    const options = params.initializationOptions as KubetierInitializationOptions | null | undefined;
    this.redhatYamlActive = options?.redhatYamlActive === true;
    this.clientWatchesFiles = options?.clientWatchesFiles === true;
    this.initializationSettings = initializationSettings(params.initializationOptions);
    this.workspaceTrusted = options?.workspaceTrusted === true;
  }

  /** The folders added and removed, as file-system paths. */
  foldersChanged(event: WorkspaceFoldersChangeEvent): { added: string[]; removed: string[] } {
    const added = event.added.map((folder) => uriToPath(folder.uri));
    const removed = new Set(event.removed.map((folder) => uriToPath(folder.uri)));
    this.folderPaths = [...this.folderPaths.filter((folder) => !removed.has(folder)), ...added];
    return { added, removed: [...removed] };
  }
}
