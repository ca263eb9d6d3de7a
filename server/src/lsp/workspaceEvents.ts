// Workspace notifications: the registrations made once initialized, workspace folders added and
// removed, settings changed and watched files changed (from the client, or from the server's own
// watching when the client cannot watch). Each is handed to the workspace sync (the index) and to the
// lint pipeline (the open documents).
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  WatchKind,
  type Connection,
  type FileEvent,
  type FileSystemWatcher,
} from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../engine/lint/config';
import { WORKSPACE_TRUSTED_NOTIFICATION, type KubetierSettings } from '../protocol';
import type { RenderService } from './renderService';
import type { ClientState } from './clientState';
import { FolderWatcher } from './folderWatcher';
import type { LintPipeline } from './lintPipeline';
import type { ClientSettingsSource } from './settings';
import type { WorkspaceProblems } from './workspaceProblems';
import type { WorkspaceSync } from './workspaceSync';

export interface WorkspaceEventsHost {
  client: ClientState;
  settingsSource: ClientSettingsSource;
  pipeline: LintPipeline;
  workspaceSync: WorkspaceSync;
  renders: RenderService;
  problems: WorkspaceProblems;
}

/**
 * What the client is asked to watch: `.kubetier.yaml` always; YAML files, and every creation and deletion
 * (a folder moved into place is one event for the folder), unless it sends those on its own.
 */
export function watchedFiles(clientWatchesFiles: boolean): FileSystemWatcher[] {
  const config: FileSystemWatcher = { globPattern: `**/${CONFIG_FILE_NAME}` };
  if (clientWatchesFiles) return [config];
  return [config, { globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }];
}

function isConfigFileUri(uri: string): boolean {
  return uri.endsWith(`/${CONFIG_FILE_NAME}`);
}

export function registerWorkspaceEvents(connection: Connection, { client, settingsSource, pipeline, workspaceSync, renders, problems }: WorkspaceEventsHost): void {
  const logFailure = (what: string) => (error: unknown) => connection.console.error(`kubetier: ${what} failed: ${String(error)}`);

  const filesChanged = (changes: FileEvent[]) => {
    workspaceSync.filesChanged(changes);
    // A chart or overlay input changed on disk (git checkout, another tool): unchanged renders come from the cache.
    renders.schedule();
    if (changes.some((change) => isConfigFileUri(change.uri))) {
      pipeline.configFilesChanged();
      problems.invalidateAll();
      workspaceSync.rescan().catch(logFailure('re-indexing'));
    }
  };
  // Clients that cannot watch files for the server get the server's own watching.
  const folderWatcher = new FolderWatcher({
    excluded: (folderPath) => workspaceSync.excludes(folderPath),
    filesChanged,
    log: (message) => connection.console.info(message),
  });
  const watchesItself = () => !client.supportsWatchedFilesRegistration && !client.clientWatchesFiles;

  connection.onInitialized(() => {
    if (client.supportsConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: ['kubetier', 'files.exclude'] }).catch(() => undefined);
    }
    if (client.supportsWatchedFilesRegistration) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: watchedFiles(client.clientWatchesFiles) }).catch(() => undefined);
    }
    workspaceSync
      .start(client.folderPaths)
      .then(() => {
        if (watchesItself()) folderWatcher.add(client.folderPaths);
        renders.start();
      })
      .catch(logFailure('indexing'))
      // Held workspace diagnostics requests are answered from whatever was indexed, even after a failure.
      .finally(() => problems.indexReady());
  });

  // Restricted mode rendered nothing; once the user trusts the workspace, the charts and overlays render.
  connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
    client.workspaceTrusted = true;
    renders.schedule(0);
  });

  connection.onNotification(DidChangeWorkspaceFoldersNotification.type, ({ event }) => {
    const { added, removed } = client.foldersChanged(event);
    workspaceSync
      .foldersChanged(added, removed)
      .then(() => {
        if (!watchesItself()) return;
        folderWatcher.remove(removed);
        folderWatcher.add(added);
      })
      .catch(logFailure('indexing'));
  });
  connection.onShutdown(() => folderWatcher.dispose());

  connection.onDidChangeConfiguration((change) => {
    settingsSource.push((change.settings as { kubetier?: KubetierSettings } | null | undefined)?.kubetier);
    pipeline.settingsChanged();
    problems.invalidateAll();
    renders.schedule();
    workspaceSync.rescan().catch(logFailure('re-indexing'));
  });

  connection.onDidChangeWatchedFiles((params) => filesChanged(params.changes));
}
