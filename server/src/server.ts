import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, describeTierSource } from './engine/lint/config';
import { ConfigCache } from './engine/workspace/disk';
import { WorkspaceIndex } from './engine/workspace/workspace';
import { CODE_ACTION_OPTIONS, FIX_ALL_COMMAND, registerCodeActions } from './lsp/codeActions';
import { combineHovers, findingsHover, type HoverPart } from './lsp/hover';
import { LintPipeline } from './lsp/lintPipeline';
import { ClientSettingsSource, toHostSettings } from './lsp/settings';
import { ServerCounters, SERVER_STATS_REQUEST } from './lsp/stats';
import { CHECKLIST_ITEMS } from './checklist';
import { generatedPart } from './checklist/part';
import { nameProblem } from './generator';
import { checklistView } from './lsp/checklist';
import { pathToUri, uriToPath } from './lsp/uri';
import { WorkspaceSync } from './lsp/workspaceSync';
import { completeAt, schemaHover } from './lsp/schemaFeatures';
import { bundledSchemas } from './schema/store';
import {
  CHECKLIST_PART_REQUEST,
  CHECKLIST_REQUEST,
  INDEX_CHANGED_NOTIFICATION,
  TIER_INFO_REQUEST,
  type ChecklistParams,
  type ChecklistPartParams,
  type ChecklistPartResult,
  type ChecklistView,
  type KubetierInitializationOptions,
  type KubetierSettings,
  type TierInfo,
  type TierInfoParams,
} from './protocol';
import { RULES, RULES_BY_ID } from './rules';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex();
const configs = new ConfigCache();
const counters = new ServerCounters();
let supportsConfiguration = false;
/** File-system paths of the workspace folders, from initialize. */
let workspaceFolderPaths: string[] = [];
let supportsWatchedFilesRegistration = false;
/** redhat.vscode-yaml is active (initialization options): `kubetier.schema.enable: auto` then leaves schemas to it. */
let redhatYamlActive = false;
const settingsSource = new ClientSettingsSource(connection, () => supportsConfiguration);

const pipeline = new LintPipeline({
  connection,
  documents,
  index,
  configs,
  counters,
  settingsSource,
  rules: RULES,
  redhatYamlActive: () => redhatYamlActive,
  documentIndexed: (change, filePath) => workspaceSync.documentIndexed(change, filePath),
  documentClosed: (filePath) => workspaceSync.documentClosed(filePath),
});

/** Keeps the index in step with the workspace folders; lints open documents another file's change affects. */
const workspaceSync = new WorkspaceSync({
  connection,
  index,
  configs,
  isOpen: (filePath) => pipeline.isOpen(filePath),
  relint: (filePaths) => pipeline.indexChanged(filePaths),
  supportsConfiguration: () => supportsConfiguration,
  // The client settles bursts (typing, a bundle landing) before it recomputes the checklist.
  indexChanged: () => void connection.sendNotification(INDEX_CHANGED_NOTIFICATION),
});

function isConfigFileUri(uri: string): boolean {
  return uri.endsWith(`/${CONFIG_FILE_NAME}`);
}

/** Hover providers, asked in order; their parts are joined into one hover. */
const hoverProviders: ((document: TextDocument, position: Position) => HoverPart | undefined | Promise<HoverPart | undefined>)[] = [
  (document, position) => findingsHover(pipeline.lintSnapshot(document), position, RULES_BY_ID),
  async (document, position) => {
    const { schemaEnabled, resolved } = await pipeline.settingsOf(document);
    if (!schemaEnabled) return undefined;
    return schemaHover({ text: document.getText(), position, kubernetesVersion: resolved.kubernetesVersion, index });
  },
];

connection.onInitialize((params): InitializeResult => {
  workspaceFolderPaths = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri));
  if (workspaceFolderPaths.length === 0 && params.rootUri) workspaceFolderPaths = [uriToPath(params.rootUri)];
  supportsConfiguration = Boolean(params.capabilities.workspace?.configuration);
  supportsWatchedFilesRegistration = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
  redhatYamlActive = (params.initializationOptions as KubetierInitializationOptions | undefined)?.redhatYamlActive === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: CODE_ACTION_OPTIONS,
      executeCommandProvider: { commands: [FIX_ALL_COMMAND] },
      completionProvider: { triggerCharacters: ['=', ',', ' '] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'kubetier' },
  };
});

connection.onInitialized(() => {
  if (supportsConfiguration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: ['kubetier', 'files.exclude'] }).catch(() => undefined);
  }
  if (supportsWatchedFilesRegistration) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] })
      .catch(() => undefined);
  }
  workspaceSync.start(workspaceFolderPaths).catch((error) => connection.console.error(`kubetier: indexing failed: ${String(error)}`));
});

connection.onNotification(DidChangeWorkspaceFoldersNotification.type, ({ event }) => {
  const added = event.added.map((folder) => uriToPath(folder.uri));
  const removed = new Set(event.removed.map((folder) => uriToPath(folder.uri)));
  workspaceFolderPaths = [...workspaceFolderPaths.filter((folder) => !removed.has(folder)), ...added];
  workspaceSync.foldersChanged(added, [...removed]).catch((error) => connection.console.error(`kubetier: indexing failed: ${String(error)}`));
});

connection.onDidChangeConfiguration((change) => {
  settingsSource.push((change.settings as { kubetier?: KubetierSettings } | null | undefined)?.kubetier);
  pipeline.settingsChanged();
  workspaceSync.rescan().catch((error) => connection.console.error(`kubetier: re-indexing failed: ${String(error)}`));
});

connection.onDidChangeWatchedFiles((params) => {
  workspaceSync.filesChanged(params.changes);
  if (params.changes.some((change) => isConfigFileUri(change.uri))) {
    pipeline.configFilesChanged();
    workspaceSync.rescan().catch((error) => connection.console.error(`kubetier: re-indexing failed: ${String(error)}`));
  }
});

connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const parts = await Promise.all(hoverProviders.map((provider) => provider(document, params.position)));
  return combineHovers(parts);
});

connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const { schemaEnabled, resolved } = await pipeline.settingsOf(document);
  const text = document.getText();
  return completeAt(
    {
      text,
      position: params.position,
      filePath: uriToPath(document.uri),
      tier: resolved.tier,
      rules: RULES.filter((rule) => rule.check || rule.checkFile),
      kubernetesVersions: bundledSchemas()?.versions ?? [],
      issuers: () => certManagerIssuers(),
      knownKinds: schemaEnabled ? () => bundledSchemas()?.knownKinds(resolved.kubernetesVersion) ?? [] : undefined,
    },
    schemaEnabled ? { text, position: params.position, kubernetesVersion: resolved.kubernetesVersion, index } : undefined,
  );
});

/** Issuer and ClusterIssuer names in the workspace, for the cert-manager annotations. */
function certManagerIssuers(): { issuers: string[]; clusterIssuers: string[] } {
  const issuers = new Set<string>();
  const clusterIssuers = new Set<string>();
  for (const object of index.objects()) {
    if (object.group !== 'cert-manager.io' || !object.name) continue;
    if (object.kind === 'Issuer') issuers.add(object.name);
    if (object.kind === 'ClusterIssuer') clusterIssuers.add(object.name);
  }
  return { issuers: [...issuers].sort(), clusterIssuers: [...clusterIssuers].sort() };
}

connection.onRequest(TIER_INFO_REQUEST, async (params: TierInfoParams): Promise<TierInfo | null> => {
  const document = documents.get(params.uri);
  if (!document) return null;
  const { resolved } = await pipeline.settingsOf(document);
  return { tier: resolved.tier, source: describeTierSource(resolved.tierSource), kubernetesVersion: resolved.kubernetesVersion };
});

connection.onRequest(SERVER_STATS_REQUEST, () => counters.snapshot());

connection.onRequest(CHECKLIST_PART_REQUEST, (params: ChecklistPartParams): ChecklistPartResult => {
  const item = CHECKLIST_ITEMS.find((candidate) => candidate.id === params?.itemId);
  return { files: item && typeof params.name === 'string' && !nameProblem(params.name) ? generatedPart(item, params.name) : [] };
});

connection.onRequest(CHECKLIST_REQUEST, async (params: ChecklistParams | null): Promise<ChecklistView> => {
  const folderSettings = workspaceFolderPaths[0] ? toHostSettings(await pipeline.folderSettings(pathToUri(workspaceFolderPaths[0])), redhatYamlActive) : {};
  return checklistView({ index, configs, folders: workspaceFolderPaths, folderSettings }, params?.tier);
});

documents.onDidOpen((event) => pipeline.opened(event.document));
documents.onDidChangeContent((event) => pipeline.changed(event.document));
documents.onDidClose((event) => pipeline.closed(event.document));

registerCodeActions(connection, {
  documents,
  settings: async (document) => {
    const { enabled, resolved } = await pipeline.settingsOf(document);
    return enabled ? resolved : undefined;
  },
  ensureParsed: (document) => pipeline.ensureParsed(document),
  index,
  rules: RULES,
});

documents.listen(connection);
connection.listen();
