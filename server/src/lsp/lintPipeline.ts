// The lint pipeline of open documents: settings -> parse -> lint -> publish, with one entry point per
// event (opened, changed, closed, settings changed, index changed). Its side effects are named
// methods: indexing a fresh parse (index write, workspace sync, counters) and publishing diagnostics.
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Rule } from '../engine/lint/rule';
import type { ConfigCache } from '../engine/workspace/disk';
import type { IndexChange, WorkspaceIndex } from '../engine/workspace/workspace';
import type { ParseLimits, ParsedFile } from '../engine/yaml/model';
import { STATE_CHANGED_NOTIFICATION, type KubetierSettings } from '../protocol';
import { notCheckedDiagnostic, notCheckedReason } from './diagnostics';
import { publishParams } from './publishWire';
import type { Finding } from '../engine/lint/lint';
import { FILE_START } from '../engine/lint/notchecked';
import { DocumentSession, type LintRun } from './documentSession';
import type { LintSnapshot } from './hover';
import { lintIndexFor, notCheckedWithRenders, withRenderedFindings, type RenderedView } from './renderedFindings';
import { CachedSettings, documentSettings, type DocumentSettings, type SettingsSource } from './settings';
import type { ServerCounters } from './stats';
import { uriToPath } from './uri';

/**
 * How long typing must pause before a lint: long enough that a fast typist's keystrokes in a big file
 * make one lint (yaml-language-server waits 200 ms), while a small file, whose lint takes a few
 * milliseconds, shows its diagnostics almost at once.
 */
const LINT_DELAY_MS = 120;
const SMALL_DOCUMENT_LINT_DELAY_MS = 20;
/** About 70 manifests of ordinary size. */
const SMALL_DOCUMENT_CHARS = 32 * 1024;

function lintDelay(document: TextDocument): number {
  return document.getText().length <= SMALL_DOCUMENT_CHARS ? SMALL_DOCUMENT_LINT_DELAY_MS : LINT_DELAY_MS;
}

/** What the pipeline needs from the server around it. */
export interface LintPipelineHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  index: WorkspaceIndex;
  configs: ConfigCache;
  counters: ServerCounters;
  settingsSource: SettingsSource;
  rules: readonly Rule[];
  /** redhat.vscode-yaml is active: `kubetier.schema.enable: auto` then leaves schemas to it. */
  redhatYamlActive(): boolean;
  /** An open document's text went into the index (the workspace sync lints the documents it affects). */
  documentIndexed(change: IndexChange, filePath: string): void;
  /** A document closed: the index holds the file on disk again. */
  documentClosed(filePath: string): void;
  /** What the renders of charts and overlays say about a file. */
  renders: RenderedView;
}

/** What requests about open documents (hover, completion, code actions, ...) read; the pipeline keeps it current. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  settingsOf(document: TextDocument): Promise<DocumentSettings>;
  /** The document's parse for its version: when no lint has parsed that version yet, it is parsed and indexed now. */
  ensureParsed(document: TextDocument): ParsedFile;
  /** The latest lint of the document's current version. */
  lintSnapshot(document: TextDocument): LintSnapshot | undefined;
  /** `kubetier.*` settings of a URI that is not an open document (a workspace folder). */
  folderSettings(uri: string): Promise<KubetierSettings>;
}

export class LintPipeline implements OpenDocuments {
  private readonly sessions = new Map<string, DocumentSession>();
  private readonly otherSettings = new Map<string, CachedSettings>();
  /** Bumped whenever settings or `.kubetier.yaml` files change; a lint started before a bump is discarded. */
  private settingsGeneration = 0;

  constructor(private readonly host: LintPipelineHost) {}

  /** Opened documents are linted at once. */
  opened(document: TextDocument): void {
    const session = new DocumentSession(document.uri, this.host.settingsSource, this.warn);
    this.sessions.set(document.uri, session);
    this.scheduleLint(document, session, 0);
  }

  changed(document: TextDocument): void {
    const session = this.sessions.get(document.uri);
    if (!session) return;
    const { isEdit, modelineChanged } = session.contentChanged(document.getText());
    if (!isEdit) return;
    this.scheduleLint(document, session, lintDelay(document));
    // A modeline edit changes the tier: tell the client so the status bar follows.
    if (modelineChanged) this.notifyStateChanged();
  }

  closed(document: TextDocument): void {
    const { uri } = document;
    this.sessions.get(uri)?.dispose();
    this.sessions.delete(uri);
    this.host.documentClosed(uriToPath(uri));
    this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The client's `kubetier.*` settings changed: ask for them again and lint every open document. */
  settingsChanged(): void {
    for (const session of this.sessions.values()) session.settings.clear();
    this.otherSettings.clear();
    this.relintAll();
  }

  /** A `.kubetier.yaml` changed: every open document may have a new tier. */
  configFilesChanged(): void {
    this.host.configs.clear();
    this.relintAll();
  }

  /** Files changed in the index: lint the open ones again. */
  indexChanged(filePaths: ReadonlySet<string>): void {
    for (const document of this.host.documents.all()) {
      const session = this.sessions.get(document.uri);
      if (session && filePaths.has(uriToPath(document.uri))) this.scheduleLint(document, session);
    }
  }

  isOpen(filePath: string): boolean {
    return this.host.documents.all().some((document) => uriToPath(document.uri) === filePath);
  }

  get(uri: string): TextDocument | undefined {
    return this.host.documents.get(uri);
  }

  async settingsOf(document: TextDocument): Promise<DocumentSettings> {
    const raw = await this.hostSettings(document.uri).get();
    const path = uriToPath(document.uri);
    const config = path === document.uri ? undefined : this.host.configs.forFile(path);
    return documentSettings(document, raw, config, this.host.redhatYamlActive());
  }

  ensureParsed(document: TextDocument): ParsedFile {
    return this.parse(document, this.sessionOf(document));
  }

  lintSnapshot(document: TextDocument): LintSnapshot | undefined {
    return this.sessions.get(document.uri)?.snapshotFor(document.version);
  }

  folderSettings(uri: string): Promise<KubetierSettings> {
    return this.hostSettings(uri).get();
  }

  private hostSettings(uri: string): CachedSettings {
    const session = this.sessions.get(uri);
    if (session) return session.settings;
    let settings = this.otherSettings.get(uri);
    if (!settings) this.otherSettings.set(uri, (settings = new CachedSettings(this.host.settingsSource, uri, this.warn)));
    return settings;
  }

  /**
   * Requests name documents TextDocuments holds, and sessions open and close with them; should one
   * come without a session, its parse is not kept.
   */
  private sessionOf(document: TextDocument): DocumentSession {
    return this.sessions.get(document.uri) ?? new DocumentSession(document.uri, this.host.settingsSource, this.warn);
  }

  private relintAll(): void {
    this.settingsGeneration++;
    for (const document of this.host.documents.all()) {
      const session = this.sessions.get(document.uri);
      if (session) this.scheduleLint(document, session, 0);
    }
    this.notifyStateChanged();
  }

  private scheduleLint(document: TextDocument, session: DocumentSession, delay = LINT_DELAY_MS): void {
    session.scheduleLint(delay, () => {
      this.lint(document, session).catch((error) => this.host.connection.console.error(`kubetier: lint failed: ${String(error)}`));
    });
  }

  private async lint(document: TextDocument, session: DocumentSession): Promise<void> {
    const generation = this.settingsGeneration;
    const settings = await this.settingsOf(document);
    // A newer edit or a settings change scheduled another lint; this one would publish stale results.
    const current = this.host.documents.get(document.uri)?.version === document.version && this.sessions.get(document.uri) === session;
    if (!current || generation !== this.settingsGeneration) return;
    const notChecked = settings.enabled ? notCheckedReason(document.getText(), settings.maxFileBytes) : undefined;
    if (notChecked) {
      session.forgetLint();
      this.publish(document, [notCheckedDiagnostic({ reason: notChecked, range: FILE_START })], []);
      return;
    }
    const file = this.parse(document, session, settings.limits);
    const linted: LintRun = settings.enabled
      ? session.lint(file, { settings: settings.resolved, index: this.lintIndex(file), rules: this.host.rules })
      : { findings: [], checks: 0, fallbacks: 0 };
    const run = settings.enabled ? { ...linted, findings: withRenderedFindings(file, linted.findings, this.host.renders) } : linted;
    session.remember(document.version, { findings: run.findings, settings: settings.resolved });
    for (const failure of session.failuresToLog(run.findings)) this.host.connection.console.error(`kubetier: ${uriToPath(document.uri)}: ${failure}`);
    this.host.counters.linted(document.uri);
    this.host.counters.checked(document.uri, { checks: run.checks, fallbacks: run.fallbacks });
    this.publish(document, settings.enabled ? notCheckedWithRenders(file, this.host.renders).map(notCheckedDiagnostic) : [], run.findings);
  }

  /** A file a render stands for is linted on its own only while edited and unsaved: against the index as it is; others against what is deployed. */
  private lintIndex(file: ParsedFile): WorkspaceIndex {
    return lintIndexFor(file, this.host.index, this.host.renders);
  }

  /** The session's parse for `limits`; a fresh parse is indexed at once. */
  private parse(document: TextDocument, session: DocumentSession, limits?: ParseLimits): ParsedFile {
    const { file, fresh } = session.parsed(document, limits);
    if (fresh) this.indexFreshParse(document, file);
    return file;
  }

  /** The open document's text wins over the file on disk: it goes into the index, and the other documents it affects are linted. */
  private indexFreshParse(document: TextDocument, file: ParsedFile): void {
    this.host.counters.parsed(document.uri);
    this.host.documentIndexed(this.host.index.set(file), file.path);
  }

  /**
   * The only place an open document's diagnostics are published: `leading` (what is not checked) then
   * the findings. publishParams reuses each finding's diagnostic and JSON from earlier publishes.
   */
  private publish(document: TextDocument, leading: Diagnostic[], findings: readonly Finding[]): void {
    this.host.connection.sendDiagnostics(publishParams(document.uri, document.version, leading, findings));
  }

  private notifyStateChanged(): void {
    void this.host.connection.sendNotification(STATE_CHANGED_NOTIFICATION);
  }

  private readonly warn = (message: string): void => this.host.connection.console.warn(message);
}
