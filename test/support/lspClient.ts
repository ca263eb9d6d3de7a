// A small LSP client for protocol tests: starts the real bundled server (`node dist/server.js --stdio`),
// plays the editor's side over vscode-jsonrpc, and lets tests wait for what the server publishes.
// Waiting is always "poll until a condition holds or a timeout passes", never a fixed sleep, so tests
// are as fast as the server and fail with a readable message when it never answers.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  type ClientCapabilities,
  type ConfigurationItem,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
} from 'vscode-languageserver-protocol/node';

export { FileChangeType };
export type { Diagnostic, Hover, Position, Range };

const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist/server.js');
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Notifications every client records (the protocol connection has no catch-all handler). */
export const RECORDED_NOTIFICATIONS = ['kubetier/stateChanged', 'window/showMessage', 'window/logMessage'];

/** Answers `workspace/configuration`: the value of `section` for a document (`scopeUri`), or null. */
export type SettingsProvider = (section: string | undefined, scopeUri: string | undefined) => unknown;

export interface LspClientOptions {
  /** Per-test settings: an object keyed by section (`{ kubetier: { tier: 2 } }`) or a function. */
  settings?: Record<string, unknown> | SettingsProvider;
  /** Advertise `workspace.configuration` (default true). Without it the server uses its defaults. */
  configurationSupport?: boolean;
  /** Advertise dynamic registration of watched files (default true). */
  watchedFilesSupport?: boolean;
  rootUri?: string | null;
  initializationOptions?: unknown;
  /** Extra client capabilities, merged over the defaults (shallow per top-level key). */
  capabilities?: ClientCapabilities;
  serverPath?: string;
  /** What node runs instead of `<serverPath> --stdio` (`bin/kubetier.js lsp --stdio`). */
  serverArgs?: string[];
  /** Server -> client notification methods to record in `notifications`, beyond RECORDED_NOTIFICATIONS. */
  recordNotifications?: string[];
  /** Server stderr is inherited by default so crashes show in the test output; 'ignore' silences it. */
  stderr?: 'inherit' | 'ignore' | 'pipe';
}

/** One `textDocument/publishDiagnostics` as received, with its arrival order. */
export interface Publication {
  seq: number;
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Only publications received after this sequence number count (see `lastSeq`). */
  after?: number;
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

export class LspTestClient {
  readonly publications: Publication[] = [];
  readonly configurationRequests: ConfigurationItem[][] = [];
  readonly registrations: Registration[] = [];
  /** Custom server -> client notifications, by method, in arrival order. */
  readonly notifications = new Map<string, unknown[]>();
  initializeResult: InitializeResult | undefined;

  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  private seq = 0;
  private settings: SettingsProvider;
  private exited = false;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    options: LspClientOptions,
  ) {
    this.settings = toProvider(options.settings);
    process.once('exit', () => {
      this.exited = true;
      this.wake();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      this.publications.push({ seq: ++this.seq, uri: params.uri, version: params.version, diagnostics: params.diagnostics });
      this.wake();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(params.items);
      this.wake();
      return params.items.map((item) => this.settings(item.section, item.scopeUri) ?? null);
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      this.wake();
    });
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    for (const method of [...RECORDED_NOTIFICATIONS, ...(options.recordNotifications ?? [])]) {
      connection.onNotification(method, (params: unknown) => {
        const list = this.notifications.get(method) ?? [];
        list.push(params);
        this.notifications.set(method, list);
        this.wake();
      });
    }
  }

  /** Spawns the server, runs initialize/initialized and returns a ready client. */
  static async start(options: LspClientOptions = {}): Promise<LspTestClient> {
    const child = spawn(process.execPath, options.serverArgs ?? [options.serverPath ?? SERVER_BUNDLE, '--stdio'], {
      stdio: ['pipe', 'pipe', options.stderr ?? 'inherit'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, options);
    connection.listen();
    const base: ClientCapabilities = {
      workspace: {
        configuration: options.configurationSupport ?? true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: options.watchedFilesSupport ?? true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    };
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      workspaceFolders: null,
      capabilities: { ...base, ...options.capabilities },
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Replaces the settings answered to `workspace/configuration` (does not notify the server). */
  setSettings(settings: Record<string, unknown> | SettingsProvider): void {
    this.settings = toProvider(settings);
  }

  /** Replaces the settings and sends `workspace/didChangeConfiguration`, as an editor does. */
  async changeSettings(settings: Record<string, unknown> | SettingsProvider): Promise<void> {
    this.setSettings(settings);
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Sends the whole new text (a full-content change event); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = this.nextVersion(uri);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Sends an incremental edit of one range; returns the new version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = this.nextVersion(uri);
    this.texts.set(uri, applyEdit(this.texts.get(uri) ?? '', range, text));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The text the client believes the document has (after open/change/edit). */
  text(uri: string): string | undefined {
    return this.texts.get(uri);
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  async watchedFilesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params?: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Sequence number of the latest publication; pass it as `after` to wait for a newer one. */
  lastSeq(): number {
    return this.seq;
  }

  publicationsFor(uri: string, after = 0): Publication[] {
    return this.publications.filter((publication) => publication.uri === uri && publication.seq > after);
  }

  /** The latest diagnostics published for a document, if any. */
  latest(uri: string): Publication | undefined {
    return this.publicationsFor(uri).at(-1);
  }

  /**
   * Waits until a publication for `uri` (newer than `after`) satisfies `accept`, and returns it.
   * The default accepts any publication for the document's current version.
   */
  async diagnostics(
    uri: string,
    accept: (publication: Publication) => boolean = (publication) => this.isCurrent(publication),
    options: WaitOptions = {},
  ): Promise<Diagnostic[]> {
    const found = await this.waitFor(
      () => this.publicationsFor(uri, options.after).filter(accept).at(-1),
      `diagnostics for ${uri} (version ${this.versions.get(uri)})`,
      options.timeoutMs,
      () => this.publicationsFor(uri).map((p) => `#${p.seq} v${p.version}: ${p.diagnostics.map((d) => d.code).join(', ') || 'none'}`),
    );
    return found.diagnostics;
  }

  /** Waits for diagnostics whose rule codes include every id in `ruleIds` (current version only). */
  diagnosticsWith(uri: string, ruleIds: readonly string[], options: WaitOptions = {}): Promise<Diagnostic[]> {
    return this.diagnostics(
      uri,
      (p) => this.isCurrent(p) && ruleIds.every((id) => p.diagnostics.some((d) => d.code === id)),
      options,
    );
  }

  /** Waits for diagnostics that contain none of `ruleIds` (current version only). */
  diagnosticsWithout(uri: string, ruleIds: readonly string[], options: WaitOptions = {}): Promise<Diagnostic[]> {
    return this.diagnostics(
      uri,
      (p) => this.isCurrent(p) && !p.diagnostics.some((d) => ruleIds.includes(String(d.code))),
      options,
    );
  }

  /** Polls `probe` until it returns something other than undefined/false, or fails after the timeout. */
  async waitFor<T>(
    probe: () => T | undefined | false,
    what: string,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    describeState?: () => unknown,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (this.exited) throw new Error(`server exited while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) {
        const state = describeState ? `; seen: ${JSON.stringify(describeState())}` : '';
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state}`);
      }
      // Wake on the next message, or re-check after a short interval for conditions not tied to a message.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 100));
        this.waiters.add(done);
      });
    }
  }

  /** Shuts the server down politely (shutdown + exit) and waits for the process to end. */
  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type, undefined);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The server may already be gone; killing below still cleans up.
      }
      const exited = new Promise<void>((resolve) => (this.exited ? resolve() : this.process.once('exit', () => resolve())));
      const timer = setTimeout(() => this.process.kill(), 5_000);
      await exited;
      clearTimeout(timer);
    }
    this.connection.dispose();
  }

  private isCurrent(publication: Publication): boolean {
    const version = this.versions.get(publication.uri);
    return publication.version === undefined || version === undefined || publication.version === version;
  }

  private nextVersion(uri: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    return version;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function toProvider(settings: Record<string, unknown> | SettingsProvider | undefined): SettingsProvider {
  if (typeof settings === 'function') return settings;
  const bySection = settings ?? {};
  return (section) => (section === undefined ? bySection : bySection[section]);
}

/** Applies an LSP range edit to text (UTF-16 positions, as LSP defines them). */
export function applyEdit(text: string, range: Range, newText: string): string {
  const offset = (position: Position) => {
    let line = 0;
    let index = 0;
    while (line < position.line) {
      const newline = text.indexOf('\n', index);
      if (newline === -1) return text.length;
      index = newline + 1;
      line++;
    }
    const lineEnd = text.indexOf('\n', index);
    return Math.min(index + position.character, lineEnd === -1 ? text.length : lineEnd);
  };
  return text.slice(0, offset(range.start)) + newText + text.slice(offset(range.end));
}
