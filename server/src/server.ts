import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeTierSource, resolveSettings, type HostSettings, type ResolvedSettings } from './engine/config';
import { ConfigCache, parseText } from './engine/disk';
import { lintFile } from './engine/lint';
import type { ParsedFile } from './engine/model';
import { isSeverityOrOff, isTier, type SeverityOrOff } from './engine/types';
import { WorkspaceIndex } from './engine/workspace';
import { toDiagnostic } from './lsp/diagnostics';
import { uriToPath } from './lsp/uri';
import { STATE_CHANGED_NOTIFICATION, TIER_INFO_REQUEST, type KubetierSettings, type TierInfo, type TierInfoParams } from './protocol';
import { RULES } from './rules';

const LINT_DELAY_MS = 120;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex();
const configs = new ConfigCache();
const hostSettings = new Map<string, Promise<KubetierSettings>>();
const pending = new Map<string, NodeJS.Timeout>();
let supportsConfiguration = false;

function toHostSettings(raw: KubetierSettings): HostSettings {
  const rules: Record<string, SeverityOrOff> = {};
  for (const [id, level] of Object.entries(raw.rules ?? {})) if (isSeverityOrOff(level)) rules[id] = level;
  return {
    tier: isTier(raw.tier) ? raw.tier : undefined,
    kubernetesVersion: typeof raw.kubernetesVersion === 'string' ? raw.kubernetesVersion : undefined,
    rules,
  };
}

function documentSettings(uri: string): Promise<KubetierSettings> {
  if (!supportsConfiguration) return Promise.resolve({ enable: true });
  let settings = hostSettings.get(uri);
  if (!settings) {
    settings = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'kubetier' })
      .then((value: KubetierSettings | null) => ({ enable: true, ...(value ?? {}) }));
    hostSettings.set(uri, settings);
  }
  return settings;
}

async function settingsFor(document: TextDocument): Promise<{ enabled: boolean; resolved: ResolvedSettings }> {
  const raw = await documentSettings(document.uri);
  const path = uriToPath(document.uri);
  const config = path === document.uri ? undefined : configs.forFile(path);
  return { enabled: raw.enable !== false, resolved: resolveSettings(document.getText(), config, toHostSettings(raw)) };
}

function parseDocument(document: TextDocument): ParsedFile {
  const file = parseText(uriToPath(document.uri), document.getText());
  index.set(file);
  return file;
}

async function lintDocument(document: TextDocument): Promise<void> {
  const file = parseDocument(document);
  const { enabled, resolved } = await settingsFor(document);
  if (documents.get(document.uri)?.version !== document.version) return;
  const findings = enabled ? lintFile(file, { settings: resolved, index, rules: RULES }) : [];
  connection.sendDiagnostics({
    uri: document.uri,
    version: document.version,
    diagnostics: findings.map((finding) => toDiagnostic(finding, document.version)),
  });
}

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

function relintAll(): void {
  for (const document of documents.all()) scheduleLint(document, 0);
  connection.sendNotification(STATE_CHANGED_NOTIFICATION);
}

connection.onInitialize((params): InitializeResult => {
  supportsConfiguration = Boolean(params.capabilities.workspace?.configuration);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
    serverInfo: { name: 'kubetier' },
  };
});

connection.onInitialized(() => {
  if (supportsConfiguration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubetier' }).catch(() => undefined);
  }
});

connection.onDidChangeConfiguration(() => {
  hostSettings.clear();
  relintAll();
});

connection.onDidChangeWatchedFiles(() => {
  configs.clear();
  relintAll();
});

connection.onRequest(TIER_INFO_REQUEST, async (params: TierInfoParams): Promise<TierInfo | null> => {
  const document = documents.get(params.uri);
  if (!document) return null;
  const { resolved } = await settingsFor(document);
  return { tier: resolved.tier, source: describeTierSource(resolved.tierSource), kubernetesVersion: resolved.kubernetesVersion };
});

documents.onDidOpen((event) => scheduleLint(event.document, 0));
documents.onDidChangeContent((event) => {
  const before = index.get(uriToPath(event.document.uri));
  scheduleLint(event.document);
  // A modeline edit changes the tier: tell the client so the status bar follows.
  if (before && before.text.slice(0, 400) !== event.document.getText().slice(0, 400)) {
    connection.sendNotification(STATE_CHANGED_NOTIFICATION);
  }
});
documents.onDidClose((event) => {
  clearTimeout(pending.get(event.document.uri));
  pending.delete(event.document.uri);
  hostSettings.delete(event.document.uri);
  index.delete(uriToPath(event.document.uri));
  connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
