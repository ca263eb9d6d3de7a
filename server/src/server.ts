// The language server's wiring: the connection, the open documents and the services, and the
// handlers that delegate to them. Per-document state and the lint pipeline live in lsp/.
import { TextDocuments, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigCache } from './engine/workspace/disk';
import { WorkspaceIndex } from './engine/workspace/workspace';
import { ClientState, SERVER_CAPABILITIES } from './lsp/clientState';
import { registerCodeActions } from './lsp/codeActions';
import { registerCodeLens } from './lsp/codeLensHandler';
import { createServerConnection } from './lsp/connection';
import { registerDefinition } from './lsp/definitionHandler';
import { registerFoldingRanges } from './lsp/foldingHandler';
import { registerDocumentHighlight } from './lsp/highlightHandler';
import { registerReferences } from './lsp/referencesHandler';
import { registerRename } from './lsp/renameHandler';
import { registerResourceMap } from './lsp/resourceMapHandler';
import { registerSymbols } from './lsp/symbolsHandler';
import { registerCompletion } from './lsp/completionHandler';
import { registerHover } from './lsp/hoverHandler';
import { registerKubetierRequests } from './lsp/kubetierRequests';
import { LintPipeline } from './lsp/lintPipeline';
import { RenderService } from './lsp/renderService';
import { pathToUri, uriToPath } from './lsp/uri';
import { ClientSettingsSource } from './lsp/settings';
import { ServerCounters } from './lsp/stats';
import { registerWorkspaceEvents } from './lsp/workspaceEvents';
import { WorkspaceSync } from './lsp/workspaceSync';
import { WorkspaceProblems } from './lsp/workspaceProblems';
import { INDEX_CHANGED_NOTIFICATION, LINT_FOLDER_REQUEST, type LintFolderParams } from './protocol';
import { RULES, RULES_BY_ID } from './rules';

const connection = createServerConnection();
const documents = new TextDocuments(TextDocument);
const client = new ClientState();
const index = new WorkspaceIndex();
const configs = new ConfigCache();
const counters = new ServerCounters();
const settingsSource = new ClientSettingsSource(connection, () => client.supportsConfiguration, () => client.initializationSettings);

const pipeline = new LintPipeline({
  connection,
  documents,
  index,
  configs,
  counters,
  settingsSource,
  rules: RULES,
  redhatYamlActive: () => client.redhatYamlActive,
  documentIndexed: (change, filePath) => workspaceSync.documentIndexed(change, filePath),
  documentClosed: (filePath) => workspaceSync.documentClosed(filePath),
  renders: {
    standsFor: (filePath) => renders.standsFor(filePath),
    findingsFor: (filePath) => renders.findingsFor(filePath),
    notRenderedReason: (filePath) => renders.notRenderedReason(filePath),
    deployedIndex: () => renders.deployedIndex(),
  },
});

/** Charts and overlays rendered with helm/kubectl in the background: on start, on save, when trust is granted. */
const renders: RenderService = new RenderService({
  connection,
  index,
  configs,
  rules: RULES,
  folders: () => client.folderPaths,
  settings: () => pipeline.folderSettings(client.folderPaths[0] ? pathToUri(client.folderPaths[0]) : ''),
  trusted: () => client.workspaceTrusted,
  relint: (filePaths) => relint(filePaths),
  deployedChanged: () => void connection.sendNotification(INDEX_CHANGED_NOTIFICATION),
});

/** Problems of the files that are not open, pulled by the client (workspace/diagnostic). */
const problems = new WorkspaceProblems({
  connection,
  index,
  configs,
  rules: RULES,
  renders,
  redhatYamlActive: () => client.redhatYamlActive,
  isOpen: (filePath) => pipeline.isOpen(filePath),
  openPaths: () => documents.all().map((document) => uriToPath(document.uri)),
  folders: () => client.folderPaths,
  settings: (uri) => pipeline.folderSettings(uri),
});

/** Files whose findings may have changed: open ones are linted and pushed again, the others pulled again. */
function relint(filePaths: ReadonlySet<string>): void {
  pipeline.indexChanged(filePaths);
  problems.invalidate(filePaths);
}

/** Keeps the index in step with the workspace folders; lints open documents another file's change affects. */
const workspaceSync = new WorkspaceSync({
  connection,
  index,
  configs,
  isOpen: (filePath) => pipeline.isOpen(filePath),
  relint,
  supportsConfiguration: () => client.supportsConfiguration,
  settingsWithoutConfiguration: () => settingsSource.withoutConfiguration(),
  // The client settles bursts (typing, a bundle landing) before it recomputes the checklist.
  indexChanged: () => void connection.sendNotification(INDEX_CHANGED_NOTIFICATION),
});

connection.onInitialize((params): InitializeResult => {
  client.initialize(params);
  return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: 'kubetier' } };
});

documents.onDidOpen((event) => {
  pipeline.opened(event.document);
  problems.documentOpened();
});
documents.onDidChangeContent((event) => pipeline.changed(event.document));
documents.onDidClose((event) => {
  pipeline.closed(event.document);
  problems.documentClosed(event.document.uri);
});
documents.onDidSave(() => renders.schedule());

registerWorkspaceEvents(connection, { client, settingsSource, pipeline, workspaceSync, renders, problems });
connection.languages.diagnostics.on((params, token) => problems.document(params, token));
connection.onRequest(LINT_FOLDER_REQUEST, (params: LintFolderParams, token) => problems.lintFolder(uriToPath(params.uri), token));
connection.languages.diagnostics.onWorkspace((params, token, _workDone, resultProgress) => problems.workspace(params, token, resultProgress));
registerHover(connection, { documents: pipeline, index, rulesById: RULES_BY_ID });
registerCompletion(connection, { documents: pipeline, index, rules: RULES });
registerKubetierRequests(connection, { documents: pipeline, client, deployed: () => ({ index: renders.deployedIndex(), sourceOf: (filePath, range) => renders.sourceOf(filePath, range) }), configs, counters });
registerDefinition(connection, { documents: pipeline, index });
registerReferences(connection, { documents: pipeline, index });
registerDocumentHighlight(connection, { documents: pipeline, index });
registerSymbols(connection, { documents: pipeline, index, resolvesRanges: () => client.supportsSymbolRangeResolve });
registerCodeLens(connection, { documents: pipeline, index });
registerRename(connection, { documents: pipeline, index });
registerResourceMap(connection, { documents: pipeline, client, index, configs, renders });
registerFoldingRanges(connection, pipeline);
registerCodeActions(connection, {
  documents,
  settings: async (document) => {
    const { enabled, resolved } = await pipeline.settingsOf(document);
    return enabled ? resolved : undefined;
  },
  ensureParsed: (document) => pipeline.ensureParsed(document),
  index,
  rules: RULES,
  snippetEdits: () => client.supportsSnippetEdits,
});

documents.listen(connection);
connection.listen();
