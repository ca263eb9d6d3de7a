// The server side of the workspace index: scans the workspace folders at start-up (with progress),
// keeps the index in step with open documents (which win over disk) and with file-system events,
// and tells the server which open documents a change affects so it can lint them again.
import * as fs from 'fs';
import * as path from 'path';
import { FileChangeType, type Connection, type FileEvent } from 'vscode-languageserver/node';
import { collectYamlFiles, DEFAULT_MAX_FILE_BYTES, isYamlPath, loadFile, policyFolderFiles, readTextIfExists, SKIPPED_FOLDERS, type ConfigCache } from '../engine/workspace/disk';
import { CONFIG_FILE_NAME, isIgnoredBy, parseLimitsFrom } from '../engine/lint/config';
import { compileGlobs } from '../engine/workspace/globs';
import { parseForIndex } from '../engine/yaml/indexparse';
import type { ParseLimits } from '../engine/yaml/model';
import type { IndexChange, WorkspaceIndex } from '../engine/workspace/workspace';
import type { KubetierSettings } from '../protocol';
import { pathToUri, uriToPath } from './uri';

/** Files read between two yields to the event loop, so requests are answered during a long scan. */
const SCAN_BATCH = 64;

export interface WorkspaceSyncHost {
  connection: Connection;
  index: WorkspaceIndex;
  configs: ConfigCache;
  /** Whether an editor buffer holds this path (it then wins over the file on disk). */
  isOpen(filePath: string): boolean;
  /** Lint these files again if they are open. */
  relint(filePaths: ReadonlySet<string>): void;
  /** The index gained, changed or lost a file (the checklist and readiness views follow). */
  indexChanged(): void;
  /** Whether the client answers workspace/configuration. */
  supportsConfiguration(): boolean;
  /** The settings pushed or given at initialization, for what workspace/configuration does not answer. */
  settingsWithoutConfiguration(): KubetierSettings;
}

/** Per workspace folder: `files.exclude` globs (relative to the folder), the size limit and the parse limits. */
interface FolderRules {
  folder: string;
  excluded: (relativePath: string) => boolean;
  maxFileBytes: number;
  limits: ParseLimits;
}

/** `kubetier.maxFileSize` in megabytes; anything else means the default. */
export function maxFileBytesFromSetting(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value * 1024 * 1024) : DEFAULT_MAX_FILE_BYTES;
}

/** A `files.exclude` map (glob -> true/false) as a matcher of folder-relative paths and their parent folders. */
export function filesExcludeMatcher(setting: unknown, warn: (message: string) => void = () => {}): (relativePath: string) => boolean {
  const globs = Object.entries(typeof setting === 'object' && setting !== null ? (setting as Record<string, unknown>) : {})
    .filter(([, enabled]) => enabled === true)
    .map(([glob]) => glob);
  if (globs.length === 0) return () => false;
  const excluded = compileGlobs(globs);
  for (const problem of excluded.problems) warn(`files.exclude: ${problem}`);
  return (relativePath) => {
    const parts = relativePath.split('/');
    for (let i = 1; i <= parts.length; i++) if (excluded.matches(parts.slice(0, i).join('/'))) return true;
    return false;
  };
}

function isDirectory(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isDirectory();
  } catch {
    return false;
  }
}

export class WorkspaceSync {
  private folders: FolderRules[] = [];
  private scanned = false;
  /**
   * Files of `policies:` folders outside every workspace folder: indexed so their policies apply, but not
   * workspace files (no Problems entries, no file events); read again when a config or setting changes.
   */
  private outsidePolicies = new Set<string>();

  constructor(private readonly host: WorkspaceSyncHost) {}

  /** Reads every YAML file of the folders into the index, then lints the open documents again. */
  async start(folderPaths: readonly string[]): Promise<void> {
    this.folders = await Promise.all(folderPaths.map((folder) => this.folderRules(folder)));
    // A client that refuses the progress token still gets its workspace indexed.
    const progress = await this.host.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('kubetier: indexing workspace', 0, undefined, false);
    const started = Date.now();
    const files = this.collect();
    let indexed = 0;
    for (let i = 0; i < files.length; i++) {
      if (this.readFromDisk(files[i])) indexed++;
      if ((i + 1) % SCAN_BATCH === 0) {
        progress?.report(Math.round(((i + 1) / files.length) * 100), `${i + 1}/${files.length} files`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    indexed += this.readOutsidePolicies(files);
    progress?.done();
    this.scanned = true;
    this.host.connection.console.info(`kubetier: indexed ${indexed} YAML files in ${Date.now() - started} ms`);
    this.host.relint(new Set([...this.host.index.allFiles()].map((file) => file.path)));
    this.host.indexChanged();
  }

  /**
   * Settings or a `.kubetier.yaml` changed: read the exclusions again, drop the
   * files they now exclude and read the ones they no longer exclude.
   */
  async rescan(): Promise<void> {
    if (!this.scanned) return;
    this.folders = await Promise.all(this.folders.map((rules) => this.folderRules(rules.folder)));
    const wanted = new Set(this.collect());
    for (const file of [...this.host.index.allFiles()]) {
      if (!wanted.has(file.path) && this.rulesFor(file.path) && !this.host.isOpen(file.path)) this.apply(this.host.index.delete(file.path));
    }
    for (const file of wanted) if (!this.host.index.has(file)) this.readFromDisk(file, true);
    this.readOutsidePolicies([...wanted]);
  }

  /** Whether the file lies in a workspace folder (a `policies:` folder may lie outside them). */
  private inWorkspace(filePath: string): boolean {
    return this.rulesFor(filePath) !== undefined;
  }

  /** Indexes the files of the `policies:` folders outside the workspace that the configs of `files` name; returns how many. */
  private readOutsidePolicies(files: readonly string[]): number {
    const found = policyFolderFiles(files, this.host.configs);
    for (const error of found.errors) this.host.connection.console.warn(`kubetier: policies: ${error}`);
    const wanted = new Set(found.files.filter((file) => !this.inWorkspace(file)));
    for (const file of this.outsidePolicies) if (!wanted.has(file) && !this.host.isOpen(file)) this.apply(this.host.index.delete(file));
    this.outsidePolicies = wanted;
    let indexed = 0;
    for (const file of wanted) {
      // Nothing watches them: a file read again unchanged must not make every object it matches lint again.
      if (this.host.index.get(file)?.text === readTextIfExists(file) || this.readFromDisk(file, this.scanned)) indexed++;
    }
    return indexed;
  }

  /** Workspace folders added or removed while running: read the new ones, forget the old ones. */
  async foldersChanged(added: readonly string[], removed: readonly string[]): Promise<void> {
    for (const folder of removed.map((removedFolder) => path.resolve(removedFolder))) {
      this.folders = this.folders.filter((rules) => rules.folder !== folder);
      this.deleteUnder(folder);
    }
    const rules = await Promise.all(added.map((folder) => this.folderRules(folder)));
    this.folders.push(...rules);
    for (const folder of rules) this.readUnder(folder.folder);
  }

  /** The YAML files of the folders the index should hold. */
  private collect(): string[] {
    return this.folders.flatMap((rules) =>
      collectYamlFiles([rules.folder], this.host.configs).files.filter((file) => !rules.excluded(this.relative(rules, file))),
    );
  }

  /** An open document's text went into the index: lint the other open documents it affects. */
  documentIndexed(change: IndexChange, filePath: string): void {
    const others = new Set([...change.affected].filter((affected) => affected !== filePath));
    if (others.size > 0) this.host.relint(others);
    if (this.scanned) this.host.indexChanged();
  }

  /** A closed document is the file on disk again (or nothing, when it was never saved or is excluded). */
  documentClosed(filePath: string): void {
    if ((this.shouldIndex(filePath) || this.outsidePolicies.has(filePath)) && fs.existsSync(filePath)) this.readFromDisk(filePath, true);
    else this.apply(this.host.index.delete(filePath));
  }

  /** didChangeWatchedFiles: created, changed and deleted files (open documents keep their buffer). */
  filesChanged(changes: readonly FileEvent[]): void {
    for (const change of changes) {
      const filePath = uriToPath(change.uri);
      if (filePath === change.uri || this.host.isOpen(filePath)) continue;
      if (change.type === FileChangeType.Deleted) {
        this.deleteUnder(filePath);
      } else if (isYamlPath(filePath)) {
        if (this.shouldIndex(filePath)) this.readFromDisk(filePath, true);
      } else if (isDirectory(filePath) && this.shouldIndex(filePath)) {
        this.readUnder(filePath);
      }
    }
  }

  /** A folder moved or copied into place arrives as one event for the folder: read the YAML files in it. */
  private readUnder(folder: string): void {
    for (const file of collectYamlFiles([folder], this.host.configs).files) {
      if (this.shouldIndex(file)) this.readFromDisk(file, true);
    }
  }

  /** A deleted folder arrives as one event: drop every indexed file under it. */
  private deleteUnder(deleted: string): void {
    const prefix = deleted.endsWith(path.sep) ? deleted : deleted + path.sep;
    const paths = [...this.host.index.allFiles()].map((file) => file.path).filter((file) => file === deleted || file.startsWith(prefix));
    for (const file of paths) this.apply(this.host.index.delete(file));
  }

  private readFromDisk(filePath: string, relint = false): boolean {
    if (this.host.isOpen(filePath)) return false;
    const rules = this.rulesFor(filePath);
    const loaded = loadFile(filePath, rules?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, (file, text) => parseForIndex(file, text, rules?.limits));
    if ('skipped' in loaded) {
      this.host.connection.console.info(`kubetier: not indexed ${filePath}: ${loaded.skipped}`);
      if (relint) this.apply(this.host.index.delete(filePath));
      return false;
    }
    const change = this.host.index.set(loaded.file);
    if (relint) this.apply(change);
    return true;
  }

  private apply(change: IndexChange): void {
    if (!this.scanned) return;
    if (change.affected.size > 0) this.host.relint(change.affected);
    this.host.indexChanged();
  }

  /** A YAML file (not `.kubetier.yaml`) the index holds when it exists. */
  private shouldIndex(filePath: string): boolean {
    return path.basename(filePath) !== CONFIG_FILE_NAME && !this.excludes(filePath);
  }

  /** Outside every workspace folder, or left out by a skipped folder, files.exclude or .kubetier.yaml ignore. */
  excludes(filePath: string): boolean {
    const rules = this.rulesFor(filePath);
    if (!rules) return true;
    const relative = this.relative(rules, filePath);
    if (relative === '') return false;
    if (relative.split('/').some((part) => SKIPPED_FOLDERS.has(part))) return true;
    return rules.excluded(relative) || isIgnoredBy(this.host.configs.forFile(filePath), filePath);
  }

  private rulesFor(filePath: string): FolderRules | undefined {
    return this.folders.find((rules) => !path.relative(rules.folder, filePath).startsWith('..'));
  }

  private relative(rules: FolderRules, filePath: string): string {
    return path.relative(rules.folder, filePath).split(path.sep).join('/');
  }

  private async folderRules(folder: string): Promise<FolderRules> {
    // Pushed or initialization settings, unless the client answers for the folder.
    const fallback = this.host.settingsWithoutConfiguration();
    let [maxFileSize, maxAliases, maxNestingDepth, maxDocumentNodes]: unknown[] = [fallback.maxFileSize, fallback.maxAliases, fallback.maxNestingDepth, fallback.maxDocumentNodes];
    let exclude: unknown;
    if (this.host.supportsConfiguration()) {
      try {
        const answers: unknown[] = await this.host.connection.workspace.getConfiguration(
          ['files.exclude', 'kubetier.maxFileSize', 'kubetier.maxAliases', 'kubetier.maxNestingDepth', 'kubetier.maxDocumentNodes'].map((section) => ({ scopeUri: pathToUri(folder), section })),
        );
        exclude = answers[0];
        [maxFileSize, maxAliases, maxNestingDepth, maxDocumentNodes] = [answers[1] ?? maxFileSize, answers[2] ?? maxAliases, answers[3] ?? maxNestingDepth, answers[4] ?? maxDocumentNodes];
      } catch {
        // Defaults: nothing excluded beyond the built-in folders, 5 MB, the default parse limits.
      }
    }
    return {
      folder: path.resolve(folder),
      excluded: filesExcludeMatcher(exclude, (message) => this.host.connection.console.warn(`kubetier: ${message}`)),
      maxFileBytes: maxFileBytesFromSetting(maxFileSize),
      limits: parseLimitsFrom({ maxAliases, maxNestingDepth, maxDocumentNodes }),
    };
  }
}
