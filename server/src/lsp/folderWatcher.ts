// File watching done by the server, for clients that cannot watch files for it (no dynamic
// registration of workspace/didChangeWatchedFiles: Helix, Neovim before 0.9, many others). One
// non-recursive fs.watch per folder, so skipped and excluded folders (node_modules, .git, files.exclude,
// .kubetier.yaml ignore) cost nothing; at most `maxFolders` folders are watched. Events are batched and
// handed on as the FileEvents a client would send.
import * as fs from 'fs';
import * as path from 'path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../engine/lint/config';
import { isYamlPath, SKIPPED_FOLDERS } from '../engine/workspace/disk';
import { pathToUri } from './uri';

/** inotify gives each user 8192 watches by default on many distributions; leave room for other programs. */
export const DEFAULT_MAX_WATCHED_FOLDERS = 4000;
/** Editors and git write a file in bursts (truncate, write, rename): one batch per burst. */
const BATCH_DELAY_MS = 100;

export interface FolderWatcherHost {
  /** Whether a folder is left out (outside the workspace, excluded, ignored); skipped folders are left out always. */
  excluded(folderPath: string): boolean;
  filesChanged(changes: FileEvent[]): void;
  log(message: string): void;
  maxFolders?: number;
}

/** A change the server cares about: YAML files, `.kubetier.yaml`, and folders (moved, copied or deleted whole). */
function relevant(filePath: string, isFolder: boolean): boolean {
  return isFolder || isYamlPath(filePath) || path.basename(filePath) === CONFIG_FILE_NAME;
}

export class FolderWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private limitLogged = false;
  private readonly maxFolders: number;

  constructor(private readonly host: FolderWatcherHost) {
    this.maxFolders = host.maxFolders ?? DEFAULT_MAX_WATCHED_FOLDERS;
  }

  /** Watches these folders and every folder below them that is not left out. */
  add(folders: readonly string[]): void {
    for (const folder of folders) this.watchTree(path.resolve(folder));
  }

  /** Stops watching these folders and everything below them. */
  remove(folders: readonly string[]): void {
    for (const folder of folders) this.unwatchTree(path.resolve(folder));
  }

  get watchedFolders(): number {
    return this.watchers.size;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.pending.clear();
  }

  private watchTree(root: string): void {
    const queue = [root];
    while (queue.length > 0) {
      const folder = queue.shift()!;
      if (this.watchers.has(folder) || SKIPPED_FOLDERS.has(path.basename(folder)) || this.host.excluded(folder)) continue;
      if (this.watchers.size >= this.maxFolders) {
        if (!this.limitLogged) this.host.log(`kubetier: watching the first ${this.maxFolders} folders only; changes on disk below others are seen when their files are opened`);
        this.limitLogged = true;
        return;
      }
      if (!this.watch(folder)) continue;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(folder, { withFileTypes: true });
      } catch {
        continue;
      }
      // Symbolic links are not followed: a link to a parent would loop, and the scan does not follow them either.
      for (const entry of entries) if (entry.isDirectory()) queue.push(path.join(folder, entry.name));
    }
  }

  private watch(folder: string): boolean {
    try {
      const watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
        // No name (some platforms, overflow): the folder itself is read again.
        this.queue(name ? path.join(folder, name.toString()) : folder);
      });
      watcher.on('error', () => this.unwatchTree(folder));
      this.watchers.set(folder, watcher);
      return true;
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      // Out of inotify watches or file descriptors: stop growing, say so once.
      if ((code === 'ENOSPC' || code === 'EMFILE') && !this.limitLogged) {
        this.limitLogged = true;
        this.host.log(`kubetier: cannot watch more folders (${message}); changes on disk below the others are seen when their files are opened`);
      }
      return false;
    }
  }

  private unwatchTree(folder: string): void {
    const prefix = folder + path.sep;
    for (const [watched, watcher] of this.watchers) {
      if (watched === folder || watched.startsWith(prefix)) {
        watcher.close();
        this.watchers.delete(watched);
      }
    }
  }

  private queue(filePath: string): void {
    this.pending.add(filePath);
    this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const changes: FileEvent[] = [];
    for (const filePath of this.pending) {
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(filePath);
      } catch {
        stat = undefined;
      }
      const isFolder = stat?.isDirectory() ?? this.watchers.has(filePath);
      if (!relevant(filePath, isFolder)) continue;
      if (!stat) {
        if (isFolder) this.unwatchTree(filePath);
        changes.push({ uri: pathToUri(filePath), type: FileChangeType.Deleted });
        continue;
      }
      if (isFolder) {
        if (this.watchers.has(filePath)) continue; // a file inside changed: that file has its own event
        this.watchTree(filePath);
      }
      changes.push({ uri: pathToUri(filePath), type: isFolder ? FileChangeType.Created : FileChangeType.Changed });
    }
    this.pending.clear();
    if (changes.length > 0) this.host.filesChanged(changes);
  }
}
