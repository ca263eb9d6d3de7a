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
import { CONFIG_FILE_NAME, describeTierSource, parseLimitsFrom, parseModeline, resolveSettings, type HostSettings, type ResolvedSettings } from './engine/lint/config';
import { ConfigCache, looksBinary, notCheckedOptions, parseText, reparseText } from './engine/workspace/disk';
import { IncrementalLinter } from './engine/lint/incremental';
import { DEFAULT_PARSE_LIMITS, sameParseLimits, type ParseLimits, type ParsedFile } from './engine/yaml/model';
import { isSeverityOrOff, isTier, type SeverityOrOff } from './engine/types';
import { WorkspaceIndex } from './engine/workspace/workspace';
import { failuresToLog, notCheckedDiagnostic, toDiagnostic } from './lsp/diagnostics';
import { FILE_START, notCheckedParts } from './engine/lint/notchecked';
import { CODE_ACTION_OPTIONS, FIX_ALL_COMMAND, registerCodeActions } from './lsp/codeActions';
import { combineHovers, findingsHover, type HoverPart, type LintSnapshot } from './lsp/hover';
import { ServerCounters, SERVER_STATS_REQUEST } from './lsp/stats';
import { CHECKLIST_ITEMS } from './checklist';
import { generatedPart } from './checklist/part';
import { nameProblem } from './generator';
import { checklistView } from './lsp/checklist';
import { pathToUri, uriToPath } from './lsp/uri';
import { maxFileBytesFromSetting, WorkspaceSync } from './lsp/workspaceSync';
import { completeAt, schemaFeaturesEnabled, schemaHover } from './lsp/schemaFeatures';
import { bundledSchemas } from './schema/store';
import {
  CHECKLIST_PART_REQUEST,
  CHECKLIST_REQUEST,
  INDEX_CHANGED_NOTIFICATION,
  STATE_CHANGED_NOTIFICATION,
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

const LINT_DELAY_MS = 120;
const DEFAULT_SETTINGS: KubetierSettings = { enable: true };

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex();
const configs = new ConfigCache();
const counters = new ServerCounters();
/** `kubetier.*` settings per document URI, fetched once and dropped when the settings change. */
const hostSettings = new Map<string, Promise<KubetierSettings>>();
/** Parsed text per URI, version and parse limits: re-linting for a settings change does not reparse. */
const parsed = new Map<string, { version: number; file: ParsedFile; limits: ParseLimits }>();
/**
 * Per open document: its linter, which runs again only what an edit (or another file's change) can
 * affect, and the rule failures already written to the log (once per document, not per keystroke).
 */
interface LintState {
  linter: IncrementalLinter;
  loggedFailures: Set<string>;
}
const lintStates = new Map<string, LintState>();
/** The latest lint of each open document, for hover. */
const snapshots = new Map<string, LintSnapshot & { version: number }>();
const pending = new Map<string, NodeJS.Timeout>();
let supportsConfiguration = false;
/** File-system paths of the workspace folders, from initialize. */
let workspaceFolderPaths: string[] = [];
let supportsWatchedFilesRegistration = false;
/** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
let pushedSettings: KubetierSettings = DEFAULT_SETTINGS;
/** Bumped whenever settings or `.kubetier.yaml` files change; a lint started before a bump is discarded. */
let settingsGeneration = 0;
/** redhat.vscode-yaml is active (initialization options): `kubetier.schema.enable: auto` then leaves schemas to it. */
let redhatYamlActive = false;

function toHostSettings(raw: KubetierSettings): HostSettings {
  const rules: Record<string, SeverityOrOff> = {};
  for (const [id, level] of Object.entries(raw.rules ?? {})) if (isSeverityOrOff(level)) rules[id] = level;
  if (!schemaFeaturesEnabled(raw.schema?.enable, redhatYamlActive)) rules['schema-validation'] = 'off';
  return {
    tier: isTier(raw.tier) ? raw.tier : undefined,
    kubernetesVersion: typeof raw.kubernetesVersion === 'string' ? raw.kubernetesVersion : undefined,
    rules,
  };
}

function documentSettings(uri: string): Promise<KubetierSettings> {
  if (!supportsConfiguration) return Promise.resolve(pushedSettings);
  const cached = hostSettings.get(uri);
  if (cached) return cached;
  const request: Promise<KubetierSettings> = connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubetier' }).then(
    (value: KubetierSettings | null) => ({ ...DEFAULT_SETTINGS, ...(value ?? {}) }),
    (error: unknown) => {
      // Do not cache a failed request: the next lint asks again.
      if (hostSettings.get(uri) === request) hostSettings.delete(uri);
      connection.console.warn(`kubetier: could not read settings for ${uri}: ${String(error)}`);
      return DEFAULT_SETTINGS;
    },
  );
  hostSettings.set(uri, request);
  return request;
}

async function settingsFor(document: TextDocument): Promise<{ enabled: boolean; maxFileBytes: number; limits: ParseLimits; resolved: ResolvedSettings }> {
  const raw = await documentSettings(document.uri);
  const path = uriToPath(document.uri);
  const config = path === document.uri ? undefined : configs.forFile(path);
  return {
    enabled: raw.enable !== false,
    maxFileBytes: maxFileBytesFromSetting(raw.maxFileSize),
    limits: parseLimitsFrom(raw),
    resolved: resolveSettings(document.getText(), config, toHostSettings(raw)),
  };
}

/** Why an open document is not parsed, if it is not: too large for the editor's patience, or binary. */
function notCheckedReason(text: string, maxFileBytes: number): string | undefined {
  const bytes = Buffer.byteLength(text);
  const megabytes = (value: number) => `${(value / 1024 / 1024).toFixed(1)} MB`;
  if (bytes > maxFileBytes) return `it is ${megabytes(bytes)}, over kubetier.maxFileSize (${megabytes(maxFileBytes)}). Raise the setting to check it anyway, or split the file.`;
  if (looksBinary(text)) return 'it looks binary (a NUL character in its first 8 KiB).';
  return undefined;
}

/** Without `limits` (code actions), the ones of the last lint. */
function parsedFile(document: TextDocument, limits?: ParseLimits): ParsedFile {
  const cached = parsed.get(document.uri);
  const parseLimits = limits ?? cached?.limits ?? DEFAULT_PARSE_LIMITS;
  const reusable = cached !== undefined && sameParseLimits(cached.limits, parseLimits);
  if (reusable && cached.version === document.version) return cached.file;
  // Typing changes one document of a multi-document file: re-parse that one, keep the others' trees.
  const file = reusable ? reparseText(cached.file, document.getText(), parseLimits) : parseText(uriToPath(document.uri), document.getText(), parseLimits);
  counters.parsed(document.uri);
  parsed.set(document.uri, { version: document.version, file, limits: parseLimits });
  workspaceSync.documentIndexed(index.set(file), file.path);
  return file;
}

async function lintDocument(document: TextDocument): Promise<void> {
  const generation = settingsGeneration;
  const { enabled, maxFileBytes, limits, resolved } = await settingsFor(document);
  // A newer edit or a settings change scheduled another lint; this one would publish stale results.
  if (documents.get(document.uri)?.version !== document.version || generation !== settingsGeneration) return;
  const notChecked = enabled ? notCheckedReason(document.getText(), maxFileBytes) : undefined;
  if (notChecked) {
    parsed.delete(document.uri);
    lintStates.delete(document.uri);
    snapshots.delete(document.uri);
    connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [notCheckedDiagnostic({ reason: notChecked, range: FILE_START })] });
    return;
  }
  const file = parsedFile(document, limits);
  const { linter, loggedFailures } = lintStateOf(document.uri);
  const before = { ...linter.counts };
  const findings = enabled ? linter.lint(file, { settings: resolved, index, rules: RULES }) : [];
  snapshots.set(document.uri, { version: document.version, findings, settings: resolved });
  for (const failure of failuresToLog(findings, loggedFailures)) connection.console.error(`kubetier: ${uriToPath(document.uri)}: ${failure}`);
  counters.linted(document.uri);
  counters.checked(document.uri, { checks: linter.counts.checks - before.checks, fallbacks: linter.counts.fallback - before.fallback });
  connection.sendDiagnostics({
    uri: document.uri,
    version: document.version,
    diagnostics: [
      ...(enabled ? notCheckedParts(file, notCheckedOptions(file.path)).map(notCheckedDiagnostic) : []),
      ...findings.map((finding) => toDiagnostic(finding, document.version)),
    ],
  });
}

function lintStateOf(uri: string): LintState {
  let state = lintStates.get(uri);
  if (!state) lintStates.set(uri, (state = { linter: new IncrementalLinter(), loggedFailures: new Set() }));
  return state;
}

/** Keeps the index in step with the workspace folders; lints open documents another file's change affects. */
const workspaceSync = new WorkspaceSync({
  connection,
  index,
  configs,
  isOpen: (filePath) => documents.all().some((document) => uriToPath(document.uri) === filePath),
  relint: (filePaths) => {
    for (const document of documents.all()) if (filePaths.has(uriToPath(document.uri))) scheduleLint(document);
  },
  supportsConfiguration: () => supportsConfiguration,
  // The client settles bursts (typing, a bundle landing) before it recomputes the checklist.
  indexChanged: () => void connection.sendNotification(INDEX_CHANGED_NOTIFICATION),
});

function scheduleLint(document: TextDocument, delay = LINT_DELAY_MS): void {
  clearTimeout(pending.get(document.uri));
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      lintDocument(document).catch((error) => connection.console.error(`kubetier: lint failed: ${String(error)}`));
    }, delay),
  );
}

/** Settings or a `.kubetier.yaml` changed: every open document may have a new tier. */
function relintAll(): void {
  settingsGeneration++;
  for (const document of documents.all()) scheduleLint(document, 0);
  connection.sendNotification(STATE_CHANGED_NOTIFICATION);
}

function isConfigFileUri(uri: string): boolean {
  return uri.endsWith(`/${CONFIG_FILE_NAME}`);
}

/** Hover providers, asked in order; their parts are joined into one hover. */
const hoverProviders: ((document: TextDocument, position: Position) => HoverPart | undefined | Promise<HoverPart | undefined>)[] = [
  (document, position) => {
    const snapshot = snapshots.get(document.uri);
    return findingsHover(snapshot?.version === document.version ? snapshot : undefined, position, RULES_BY_ID);
  },
  async (document, position) => {
    const raw = await documentSettings(document.uri);
    if (!schemaFeaturesEnabled(raw.schema?.enable, redhatYamlActive)) return undefined;
    const { resolved } = await settingsFor(document);
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
  const pushed = (change.settings as { kubetier?: KubetierSettings } | null | undefined)?.kubetier;
  if (pushed) pushedSettings = { ...DEFAULT_SETTINGS, ...pushed };
  hostSettings.clear();
  relintAll();
  workspaceSync.rescan().catch((error) => connection.console.error(`kubetier: re-indexing failed: ${String(error)}`));
});

connection.onDidChangeWatchedFiles((params) => {
  workspaceSync.filesChanged(params.changes);
  if (params.changes.some((change) => isConfigFileUri(change.uri))) {
    configs.clear();
    relintAll();
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
  const raw = await documentSettings(document.uri);
  const { resolved } = await settingsFor(document);
  const text = document.getText();
  const schemaOn = schemaFeaturesEnabled(raw.schema?.enable, redhatYamlActive);
  return completeAt(
    {
      text,
      position: params.position,
      filePath: uriToPath(document.uri),
      tier: resolved.tier,
      rules: RULES.filter((rule) => rule.check || rule.checkFile),
      kubernetesVersions: bundledSchemas()?.versions ?? [],
      issuers: () => certManagerIssuers(),
      knownKinds: schemaOn ? () => bundledSchemas()?.knownKinds(resolved.kubernetesVersion) ?? [] : undefined,
    },
    schemaOn ? { text, position: params.position, kubernetesVersion: resolved.kubernetesVersion, index } : undefined,
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
  const { resolved } = await settingsFor(document);
  return { tier: resolved.tier, source: describeTierSource(resolved.tierSource), kubernetesVersion: resolved.kubernetesVersion };
});

connection.onRequest(SERVER_STATS_REQUEST, () => counters.snapshot());

connection.onRequest(CHECKLIST_PART_REQUEST, (params: ChecklistPartParams): ChecklistPartResult => {
  const item = CHECKLIST_ITEMS.find((candidate) => candidate.id === params?.itemId);
  return { files: item && typeof params.name === 'string' && !nameProblem(params.name) ? generatedPart(item, params.name) : [] };
});

connection.onRequest(CHECKLIST_REQUEST, async (params: ChecklistParams | null): Promise<ChecklistView> => {
  const folderSettings = workspaceFolderPaths[0] ? toHostSettings(await documentSettings(pathToUri(workspaceFolderPaths[0]))) : {};
  return checklistView({ index, configs, folders: workspaceFolderPaths, folderSettings }, params?.tier);
});

/** Opened documents are linted at once; TextDocuments also fires a content change for the open, skipped here. */
const opening = new Set<string>();
documents.onDidOpen((event) => {
  opening.add(event.document.uri);
  scheduleLint(event.document, 0);
});
/** Each open document's modeline settings, to notice an edit that changes its tier. */
const modelines = new Map<string, string>();
const modelineKey = (document: TextDocument) => {
  const modeline = parseModeline(document.getText());
  return `${modeline?.tier ?? ''}/${modeline?.kubernetesVersion ?? ''}`;
};
documents.onDidChangeContent((event) => {
  const { uri } = event.document;
  const key = modelineKey(event.document);
  const changedModeline = modelines.has(uri) && modelines.get(uri) !== key;
  modelines.set(uri, key);
  if (opening.delete(uri)) return;
  scheduleLint(event.document);
  // A modeline edit changes the tier: tell the client so the status bar follows.
  if (changedModeline) connection.sendNotification(STATE_CHANGED_NOTIFICATION);
});
documents.onDidClose((event) => {
  const uri = event.document.uri;
  clearTimeout(pending.get(uri));
  pending.delete(uri);
  hostSettings.delete(uri);
  modelines.delete(uri);
  parsed.delete(uri);
  lintStates.delete(uri);
  snapshots.delete(uri);
  workspaceSync.documentClosed(uriToPath(uri));
  connection.sendDiagnostics({ uri, diagnostics: [] });
});

registerCodeActions(connection, {
  documents,
  settings: async (document) => {
    const { enabled, resolved } = await settingsFor(document);
    return enabled ? resolved : undefined;
  },
  parsedFile,
  index,
  rules: RULES,
});

documents.listen(connection);
connection.listen();
