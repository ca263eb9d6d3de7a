// Helpers for tests that run inside the extension host: polling (never fixed sleeps), fixture files,
// kubetier diagnostics and settings.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kubetier.kubetier';

/** Polls `probe` until it returns something truthy; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await probe();
    if (last) return last as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e run has no workspace folder');
  return folder.uri;
}

export const fixtureUri = (relative: string): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), relative);

export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relative));
  return vscode.window.showTextDocument(document);
}

export const kubetierDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'kubetier');

export const codeOf = (diagnostic: vscode.Diagnostic): string =>
  typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);

/** Waits until the file's kubetier diagnostics satisfy `accept` (diagnostics arrive asynchronously). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs?: number,
): Promise<vscode.Diagnostic[]> {
  return waitFor(`${what} in ${vscode.workspace.asRelativePath(uri)}`, () => {
    const diagnostics = kubetierDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, timeoutMs);
}

export const withCode = (diagnostics: vscode.Diagnostic[], code: string): vscode.Diagnostic[] =>
  diagnostics.filter((diagnostic) => codeOf(diagnostic) === code);

/** Sets (or with `undefined`, removes) `kubetier.tier` in the workspace settings, as the tier picker does. */
export async function setWorkspaceTier(tier: number | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('kubetier').update('tier', tier, vscode.ConfigurationTarget.Workspace);
}
