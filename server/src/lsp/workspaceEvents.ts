// Workspace notifications: the registrations made once initialized, workspace folders added and
// removed, settings changed and watched files changed. Each is handed to the workspace sync (the
// index) and to the lint pipeline (the open documents).
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  type Connection,
} from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../engine/lint/config';
import { WORKSPACE_TRUSTED_NOTIFICATION, type KubetierSettings } from '../protocol';
import type { RenderService } from './renderService';
import type { ClientState } from './clientState';
import type { LintPipeline } from './lintPipeline';
import type { ClientSettingsSource } from './settings';
import type { WorkspaceSync } from './workspaceSync';

export interface WorkspaceEventsHost {
  client: ClientState;
  settingsSource: ClientSettingsSource;
  pipeline: LintPipeline;
  workspaceSync: WorkspaceSync;
  renders: RenderService;
}

function isConfigFileUri(uri: string): boolean {
  return uri.endsWith(`/${CONFIG_FILE_NAME}`);
}

export function registerWorkspaceEvents(connection: Connection, { client, settingsSource, pipeline, workspaceSync, renders }: WorkspaceEventsHost): void {
  const logFailure = (what: string) => (error: unknown) => connection.console.error(`kubetier: ${what} failed: ${String(error)}`);

  connection.onInitialized(() => {
    if (client.supportsConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: ['kubetier', 'files.exclude'] }).catch(() => undefined);
    }
    if (client.supportsWatchedFilesRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] })
        .catch(() => undefined);
    }
    workspaceSync
      .start(client.folderPaths)
      .then(() => renders.start())
      .catch(logFailure('indexing'));
  });

  // Restricted mode rendered nothing; once the user trusts the workspace, the charts and overlays render.
  connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
    client.workspaceTrusted = true;
    renders.schedule(0);
  });

  connection.onNotification(DidChangeWorkspaceFoldersNotification.type, ({ event }) => {
    const { added, removed } = client.foldersChanged(event);
    workspaceSync.foldersChanged(added, removed).catch(logFailure('indexing'));
  });

  connection.onDidChangeConfiguration((change) => {
    settingsSource.push((change.settings as { kubetier?: KubetierSettings } | null | undefined)?.kubetier);
    pipeline.settingsChanged();
    renders.schedule();
    workspaceSync.rescan().catch(logFailure('re-indexing'));
  });

  connection.onDidChangeWatchedFiles((params) => {
    workspaceSync.filesChanged(params.changes);
    // A chart or overlay input changed on disk (git checkout, another tool): unchanged renders come from the cache.
    renders.schedule();
    if (params.changes.some((change) => isConfigFileUri(change.uri))) {
      pipeline.configFilesChanged();
      workspaceSync.rescan().catch(logFailure('re-indexing'));
    }
  });
}
