// Which files the Problems panel lists beyond the open ones, and which workspace reports a client still
// needs: pure decisions, unit-tested, used by workspaceProblems.ts.
import { createHash } from 'node:crypto';
import type { Diagnostic } from 'vscode-languageserver';
import type { KubetierSettings } from '../protocol';

export const DEFAULT_MAX_WORKSPACE_FILES = 5000;

export type ProblemsScope = { kind: 'workspace' } | { kind: 'openFiles'; reason?: string };

/**
 * `kubetier.problems.scope` for a workspace of `fileCount` indexed files: `workspace` (the default) lists
 * every indexed file's findings unless the workspace holds more than `kubetier.problems.maxWorkspaceFiles`
 * files, where only open files are listed (and the reason says so).
 */
export function problemsScope(settings: KubetierSettings, fileCount: number): ProblemsScope {
  if (settings.enable === false || settings.problems?.scope === 'openFiles') return { kind: 'openFiles' };
  const limit = settings.problems?.maxWorkspaceFiles;
  const max = typeof limit === 'number' && Number.isFinite(limit) && limit >= 0 ? limit : DEFAULT_MAX_WORKSPACE_FILES;
  if (fileCount <= max) return { kind: 'workspace' };
  return {
    kind: 'openFiles',
    reason: `the workspace holds ${fileCount} YAML files, over kubetier.problems.maxWorkspaceFiles (${max}): the Problems panel lists open files only. Raise the setting to list them all.`,
  };
}

/** A report's result id: the hash of its diagnostics, so a file linted again to the same problems is not sent again. */
export function resultIdOf(diagnostics: readonly Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('base64url').slice(0, 16);
}

/** The result id of a file without problems: a client that never got a report for it already shows that. */
export const NO_PROBLEMS_ID = resultIdOf([]);

/** Whether a client holding `previous` (undefined: never reported) must be sent the report with `current`. */
export function needsReport(previous: string | undefined, current: string): boolean {
  return (previous ?? NO_PROBLEMS_ID) !== current;
}
