// Quick-fixes through VS Code's own code action pipeline (the one the lightbulb uses).
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { fixtureUri, openFixture, waitFor, waitForDiagnostics, withCode } from './helpers';

const isCodeAction = (item: vscode.Command | vscode.CodeAction): item is vscode.CodeAction => !('command' in item && typeof item.command === 'string');

describe('quick-fix', () => {
  it('"Set privileged: false" from executeCodeActionProvider clears its diagnostic', async () => {
    const uri = fixtureUri('deploy.yaml');
    await openFixture('deploy.yaml');
    const [privileged] = withCode(
      await waitForDiagnostics(uri, 'a privileged diagnostic', (all) => withCode(all, 'privileged').length > 0),
      'privileged',
    );
    const actions = await vscode.commands.executeCommand<(vscode.Command | vscode.CodeAction)[]>(
      'vscode.executeCodeActionProvider', uri, privileged.range, vscode.CodeActionKind.QuickFix.value, 10,
    );
    const fix = actions.filter(isCodeAction).find((action) => action.title === 'Set privileged: false');
    assert.ok(fix, `no "Set privileged: false" action among: ${actions.map((action) => action.title).join(', ')}`);
    assert.ok(fix.kind?.contains(vscode.CodeActionKind.QuickFix), 'the fix is not a quick-fix');
    // vscode.executeCodeActionProvider drops an action's diagnostics, but keeps isPreferred: a safe fix is the
    // one Ctrl+. / "auto fix" would take.
    assert.equal(fix.isPreferred, true, 'the safe fix is not preferred');
    assert.ok(fix.edit, 'the fix carries no edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code refused the edit');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(privileged.range.start.line).text.trim(), 'privileged: false');
    await waitForDiagnostics(uri, 'the privileged diagnostic to clear', (all) => withCode(all, 'privileged').length === 0);
    // The rest of the file is untouched: the edit is one scalar.
    await waitFor('the document to be dirty', () => document.isDirty);
    assert.match(document.getText(), /image: nginx:1\.27\.3\n/);
  });
});
