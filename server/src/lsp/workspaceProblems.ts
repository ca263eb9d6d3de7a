// Problems of files that are not open, through LSP pull diagnostics. Open documents keep the push path
// (lintPipeline.ts publishes them as they are edited); this module answers `workspace/diagnostic` for
// every other indexed file and `textDocument/diagnostic` with nothing for an open one, so VS Code,
// which keeps pushed and pulled problems in two collections, never lists a problem twice.
//
// Result ids are hashes of the reported diagnostics: a file linted again to the same problems is not
// sent again. When nothing the client holds is out of date, a workspace request is held until a file,
// setting or `.kubetier.yaml` changes (or the client cancels it) instead of answering "unchanged" for
// every file each time the client asks again.
import * as path from 'node:path';
import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  MessageType,
  ShowMessageNotification,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type ResultProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { resolveSettings } from '../engine/lint/config';
import { lintFile } from '../engine/lint/lint';
import type { Rule } from '../engine/lint/rule';
import type { ConfigCache } from '../engine/workspace/disk';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ParsedFile } from '../engine/yaml/model';
import type { KubetierSettings, LintFolderResult } from '../protocol';
import { notCheckedDiagnostic, toDiagnostic } from './diagnostics';
import { needsReport, NO_PROBLEMS_ID, problemsScope, resultIdOf, type ProblemsScope } from './problemsScope';
import { lintIndexFor, notCheckedWithRenders, withRenderedFindings, type RenderedView } from './renderedFindings';
import { toHostSettings } from './settings';
import { pathToUri, uriToPath } from './uri';

/** Lint work between two yields to the event loop: requests on open documents are answered in between. */
const SLICE_MS = 25;
/** A pass linting more files than this shows progress. */
const PROGRESS_MIN_FILES = 50;
/** The result id of an open document's (empty) pulled report: its problems are pushed. */
const OPEN_DOCUMENT_ID = 'open';
/** Pushed diagnostics carry the document version quick-fixes check; a closed file has none. */
const NO_VERSION = 0;

export interface WorkspaceProblemsHost {
  connection: Connection;
  index: WorkspaceIndex;
  configs: ConfigCache;
  rules: readonly Rule[];
  renders: RenderedView;
  redhatYamlActive(): boolean;
  /** Whether an editor holds the file (its problems are pushed). */
  isOpen(filePath: string): boolean;
  openPaths(): string[];
  folders(): readonly string[];
  /** The `kubetier.*` settings of a workspace folder URI. */
  settings(uri: string): Promise<KubetierSettings>;
}

interface FileReport {
  resultId: string;
  items: Diagnostic[];
}

export class WorkspaceProblems {
  private readonly reports = new Map<string, FileReport>();
  /** The result ids each held workspace request was asked with (a closed document's id is dropped from them). */
  private readonly heldPrevious = new Set<Map<string, string>>();
  private readonly waiters = new Set<() => void>();
  private changes = 0;
  private scope: Promise<ProblemsScope> | undefined;
  private readonly toldReasons = new Set<string>();
  /** Folders "Lint folder" asked for: listed whatever the scope (until the server restarts). */
  private readonly lintedFolders = new Set<string>();
  private markReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(private readonly host: WorkspaceProblemsHost) {}

  /** The start-up scan is done: requests held until now are answered. */
  indexReady(): void {
    this.markReady();
  }

  /** These files' problems may have changed (the index, renders). */
  invalidate(filePaths: Iterable<string>): void {
    for (const filePath of filePaths) this.reports.delete(filePath);
    this.changed();
  }

  /** Settings or a `.kubetier.yaml` changed: every file may have new problems, and the scope may differ. */
  invalidateAll(): void {
    this.reports.clear();
    this.scope = undefined;
    this.changed();
  }

  /** A document opened: a held request tells the client to drop what the workspace pull said about it. */
  documentOpened(): void {
    this.changed();
  }

  /**
   * A document closed: the client forgets what the workspace pull told it about that file, so a held
   * request must send the file's report even when it equals what it was before the file was opened.
   */
  documentClosed(uri: string): void {
    for (const previous of this.heldPrevious) previous.delete(uri);
    this.changed();
  }

  /** "Lint folder": the folder's closed files are listed from now on; returns what they hold. */
  async lintFolder(folder: string, token: CancellationToken): Promise<LintFolderResult> {
    await this.whenReady(token);
    this.lintedFolders.add(path.resolve(folder));
    const files = [...this.host.index.allFiles()].filter((file) => isUnder(folder, file.path));
    let filesWithProblems = 0;
    let problems = 0;
    for (const file of files) {
      const report = await this.reportOf(file);
      if (report.items.length > 0) filesWithProblems++;
      problems += report.items.length;
    }
    this.changed();
    return { files: files.length, filesWithProblems, problems };
  }

  /** textDocument/diagnostic: nothing for an open document (pushed instead), the file's problems otherwise. */
  async document(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const { uri } = params.textDocument;
    const filePath = uriToPath(uri);
    let report: FileReport = { resultId: OPEN_DOCUMENT_ID, items: [] };
    if (filePath !== uri && !this.host.isOpen(filePath)) {
      await this.whenReady(token);
      const file = this.host.index.get(filePath);
      report = file && (await this.listed(file)) ? await this.reportOf(file) : { resultId: NO_PROBLEMS_ID, items: [] };
    }
    if (params.previousResultId === report.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.items };
  }

  /** workspace/diagnostic: the reports the client does not hold yet, streamed as partial results when it asks. */
  async workspace(
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
    resultProgress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>,
  ): Promise<WorkspaceDiagnosticReport> {
    const previous = new Map(params.previousResultIds.map((entry) => [entry.uri, entry.value]));
    this.heldPrevious.add(previous);
    try {
      await this.whenReady(token);
      for (;;) {
        const seen = this.changes;
        const { items, sent } = await this.pass(previous, token, resultProgress);
        if (sent > 0 || items.length > 0) return { items };
        await this.nextChange(seen, token);
      }
    } finally {
      this.heldPrevious.delete(previous);
    }
  }

  /** One pass over the files: lints those without a current report, and returns the reports the client lacks. */
  private async pass(
    previous: ReadonlyMap<string, string>,
    token: CancellationToken,
    resultProgress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>,
  ): Promise<{ items: WorkspaceDocumentDiagnosticReport[]; sent: number }> {
    const scope = await this.currentScope();
    const files = this.closedFilesInOrder().filter((file) => scope.kind === 'workspace' || this.inLintedFolder(file.path));
    const listed = new Set(files.map((file) => pathToUri(file.path)));
    let items: WorkspaceDocumentDiagnosticReport[] = [];
    // Files the client holds problems for that are gone or out of scope get an empty report; so does a file
    // now open, whose problems are pushed: a client that lost track of it would list them twice otherwise.
    for (const [uri, resultId] of previous) {
      const current = this.host.isOpen(uriToPath(uri)) ? OPEN_DOCUMENT_ID : NO_PROBLEMS_ID;
      if (!listed.has(uri) && resultId !== current) {
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: current, items: [] });
      }
    }
    const toLint = files.filter((file) => !this.reports.has(file.path)).length;
    const progress = toLint > PROGRESS_MIN_FILES ? await this.host.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('kubetier: problems in the workspace', 0, `0/${toLint} files`, false);
    let sent = 0;
    let linted = 0;
    let sliceStart = Date.now();
    try {
      for (const file of files) {
        if (Date.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace diagnostics cancelled');
          progress?.report(Math.round((linted / Math.max(toLint, 1)) * 100), `${linted}/${toLint} files`);
          if (resultProgress && items.length > 0) {
            resultProgress.report({ items });
            sent += items.length;
            items = [];
          }
          sliceStart = Date.now();
        }
        // The file may have been opened (or deleted) while this pass yielded.
        if (this.host.isOpen(file.path) || this.host.index.get(file.path) !== file) continue;
        if (!this.reports.has(file.path)) linted++;
        const report = await this.reportOf(file);
        const uri = pathToUri(file.path);
        if (needsReport(previous.get(uri), report.resultId)) {
          items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: report.resultId, items: report.items });
        }
      }
    } finally {
      progress?.done();
    }
    return { items, sent };
  }

  /**
   * Closed indexed files: those beside an open document first (the folder the user works in), then the
   * smaller before the larger, so most files' problems arrive before a huge file's lint holds the pass up.
   */
  private closedFilesInOrder(): ParsedFile[] {
    const openFolders = new Set(this.host.openPaths().map((filePath) => path.dirname(filePath)));
    const rank = (file: ParsedFile) => (openFolders.has(path.dirname(file.path)) ? 0 : 1);
    const folders = this.host.folders();
    // A `policies:` folder outside the workspace is indexed for its policies; its files are not the workspace's problems.
    return [...this.host.index.allFiles()]
      .filter((file) => !this.host.isOpen(file.path) && folders.some((folder) => isUnder(folder, file.path)))
      .sort((a, b) => rank(a) - rank(b) || a.text.length - b.text.length);
  }

  private async listed(file: ParsedFile): Promise<boolean> {
    return (await this.currentScope()).kind === 'workspace' || this.inLintedFolder(file.path);
  }

  private inLintedFolder(filePath: string): boolean {
    for (const folder of this.lintedFolders) if (isUnder(folder, filePath)) return true;
    return false;
  }

  private async reportOf(file: ParsedFile): Promise<FileReport> {
    const known = this.reports.get(file.path);
    if (known) return known;
    const raw = await this.host.settings(pathToUri(this.folderOf(file.path)));
    const items = raw.enable === false ? [] : this.lint(file, raw);
    const report = { resultId: resultIdOf(items), items };
    // A change that came while the settings were read made this report stale: it is not kept.
    if (this.host.index.get(file.path) === file) this.reports.set(file.path, report);
    return report;
  }

  /**
   * The findings the push path gives the file once opened, less the notice on a file holding no Kubernetes
   * object at all: a workspace's CI workflows and Compose files would fill the list (kube-linter passes
   * over them in silence; the notice still shows when such a file is opened).
   */
  private lint(file: ParsedFile, raw: KubetierSettings): Diagnostic[] {
    const { renders } = this.host;
    const settings = resolveSettings(file.text, this.host.configs.forFile(file.path), toHostSettings(raw, this.host.redhatYamlActive()));
    const findings = withRenderedFindings(file, lintFile(file, { settings, index: lintIndexFor(file, this.host.index, renders), rules: this.host.rules }), renders);
    const notChecked = file.objects.length === 0 && !file.isHelmTemplate ? [] : notCheckedWithRenders(file, renders);
    return [...notChecked.map(notCheckedDiagnostic), ...findings.map((finding) => toDiagnostic(finding, NO_VERSION))];
  }

  private folderOf(filePath: string): string {
    const folders = this.host.folders();
    return folders.find((folder) => isUnder(folder, filePath)) ?? folders[0] ?? path.dirname(filePath);
  }

  /** The scope, read once per settings change from the first folder's settings; an automatic narrowing is told once. */
  private currentScope(): Promise<ProblemsScope> {
    this.scope ??= this.host.settings(pathToUri(this.host.folders()[0] ?? '/')).then((raw) => {
      const scope = problemsScope(raw, this.host.index.size);
      if (scope.kind === 'openFiles' && scope.reason && !this.toldReasons.has(scope.reason)) {
        this.toldReasons.add(scope.reason);
        this.host.connection.console.info(`kubetier: ${scope.reason}`);
        // A notification: nothing to answer, so a client that shows no messages cannot fail it.
        void this.host.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `kubetier: ${scope.reason}` });
      }
      return scope;
    });
    return this.scope;
  }

  private async whenReady(token: CancellationToken): Promise<void> {
    await Promise.race([this.ready, cancelled(token)]);
  }

  /** Resolves at the first change after `seen`; rejects when the request is cancelled. */
  private nextChange(seen: number, token: CancellationToken): Promise<void> {
    if (this.changes !== seen) return Promise.resolve();
    return Promise.race([new Promise<void>((resolve) => this.waiters.add(resolve)), cancelled(token)]);
  }

  private changed(): void {
    this.changes++;
    for (const wake of [...this.waiters]) wake();
    this.waiters.clear();
  }
}

function isUnder(folder: string, filePath: string): boolean {
  const relative = path.relative(folder, filePath);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Rejects with RequestCancelled once the client cancels (never resolves otherwise). */
function cancelled(token: CancellationToken): Promise<never> {
  return new Promise<never>((_, reject) => {
    const fail = () => reject(new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace diagnostics cancelled'));
    if (token.isCancellationRequested) fail();
    else token.onCancellationRequested(fail);
  });
}
