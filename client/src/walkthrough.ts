// The "Get started with kubetier" walkthrough's side: the sample manifest its second step opens, and the
// context keys its steps complete on, each set by the real event (findings shown in the active editor, a
// kubetier quick-fix applied, a bundle written). The tier step completes on TIER_CHOSEN_CONTEXT or the setting.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const FINDINGS_SHOWN_CONTEXT = 'kubetier.findingsShown';
export const FIX_APPLIED_CONTEXT = 'kubetier.fixApplied';
export const BUNDLE_GENERATED_CONTEXT = 'kubetier.bundleGenerated';
const NOTE_FIX_APPLIED_COMMAND = 'kubetier.noteFixApplied';
export const OPEN_SAMPLE_COMMAND = 'kubetier.openSampleManifest';

/** A tier 1 Deployment with findings a new user can fix (no limits, latest tag, privileged). */
const SAMPLE_MANIFEST = `# A sample Deployment: hover a squiggle, press Ctrl+. for a quick fix.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:latest
          securityContext:
            privileged: true
`;

export function registerWalkthrough(): vscode.Disposable {
  const findingsShown = vscode.languages.onDidChangeDiagnostics((event) => {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    if (!active || !event.uris.some((uri) => uri.toString() === active)) return;
    if (!vscode.languages.getDiagnostics(vscode.Uri.parse(active)).some((diagnostic) => diagnostic.source === 'kubetier')) return;
    void vscode.commands.executeCommand('setContext', FINDINGS_SHOWN_CONTEXT, true);
    findingsShown.dispose();
  });
  return vscode.Disposable.from(
    findingsShown,
    vscode.commands.registerCommand(OPEN_SAMPLE_COMMAND, async () => {
      // Untitled: nothing is written to the workspace until the user saves it.
      const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: SAMPLE_MANIFEST });
      return vscode.window.showTextDocument(document);
    }),
    vscode.commands.registerCommand(NOTE_FIX_APPLIED_COMMAND, () => vscode.commands.executeCommand('setContext', FIX_APPLIED_CONTEXT, true)),
  );
}

/**
 * Quick-fixes are plain edits VS Code applies itself; a command on each (run after its edit) tells that a
 * fix was taken. Actions that already run a command (fix all) keep theirs.
 */
export const noteAppliedFixes: Pick<Middleware, 'provideCodeActions'> = {
  provideCodeActions: async (document, range, context, token, next) => {
    const actions = await next(document, range, context, token);
    for (const action of actions ?? []) {
      if (action instanceof vscode.CodeAction && action.edit && !action.command && action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind)) {
        action.command = { command: NOTE_FIX_APPLIED_COMMAND, title: '' };
      }
    }
    return actions;
  },
};

export function noteBundleGenerated(): void {
  void vscode.commands.executeCommand('setContext', BUNDLE_GENERATED_CONTEXT, true);
}
