// Diagnostics of the packaged extension in a real VS Code (code-server 1.100): by tier, by setting, after edits.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, openFixture, setWorkspaceTier, waitFor, waitForDiagnostics, withCode } from './helpers';

describe('diagnostics', () => {
  before(async () => {
    // Start from the default tier even if the fixture ever gains workspace settings.
    await setWorkspaceTier(undefined);
  });

  it('reports a privileged container as a warning at tier 1, pointing at the value', async () => {
    const uri = fixtureUri('deploy.yaml');
    await openFixture('deploy.yaml');
    const diagnostics = await waitForDiagnostics(uri, 'a privileged diagnostic', (all) => withCode(all, 'privileged').length > 0);
    const [privileged] = withCode(diagnostics, 'privileged');
    assert.equal(privileged.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(privileged.message, /^Container runs privileged.*\(container "web" in Deployment "web"\)$/);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(privileged.range), 'true');
    assert.match(document.lineAt(privileged.range.start.line).text, /privileged: true/);
  });

  it('leaves a hardened Deployment without kubetier diagnostics at tier 1', async () => {
    const uri = fixtureUri('hardened.yaml');
    await openFixture('hardened.yaml');
    await waitFor('hardened.yaml in the editor', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString());
    // An empty list is also what an idle server shows, so introduce a finding and take it away again:
    // the list must come back empty after a real lint of the hardened text.
    const editor = vscode.window.activeTextEditor!;
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('privileged: false'));
    const start = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('false'));
    await editor.edit((edit) => edit.replace(new vscode.Range(start, start.translate(0, 5)), 'true'));
    await waitForDiagnostics(uri, 'a privileged diagnostic after the edit', (all) => withCode(all, 'privileged').length === 1);
    await editor.edit((edit) => edit.replace(new vscode.Range(start, start.translate(0, 4)), 'false'));
    const diagnostics = await waitForDiagnostics(uri, 'no diagnostics after the undoing edit', (all) => all.length === 0);
    assert.deepEqual(diagnostics, []);
  });

  it('reports the same finding as an error at tier 2 (.kubetier.yaml in the folder)', async () => {
    const uri = fixtureUri('tier2/deploy.yaml');
    await openFixture('tier2/deploy.yaml');
    const diagnostics = await waitForDiagnostics(uri, 'a privileged diagnostic', (all) => withCode(all, 'privileged').length > 0);
    assert.equal(withCode(diagnostics, 'privileged')[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(withCode(diagnostics, 'privileged')[0].message, /^Container runs privileged.*container "worker"/);
  });

  describe('the kubetier.tier setting', () => {
    after(() => setWorkspaceTier(undefined));

    it('raises and lowers diagnostics when it changes; .kubetier.yaml still wins', async () => {
      const uri = fixtureUri('deploy.yaml');
      const severityOf = (all: vscode.Diagnostic[]) => withCode(all, 'privileged')[0]?.severity;
      await openFixture('deploy.yaml');
      const atTier1 = await waitForDiagnostics(uri, 'tier 1 (warning)', (all) => severityOf(all) === vscode.DiagnosticSeverity.Warning);

      await setWorkspaceTier(2);
      const atTier2 = await waitForDiagnostics(uri, 'tier 2 (error)', (all) => severityOf(all) === vscode.DiagnosticSeverity.Error);
      // Tier 2 also switches on rules that are off at tier 1 (Production requirements such as a PDB).
      const tier1Codes = new Set(atTier1.map(codeOf));
      const added = atTier2.map(codeOf).filter((code) => !tier1Codes.has(code));
      assert.ok(added.length > 0, `tier 2 reports no rule beyond tier 1's ${[...tier1Codes].join(', ')}`);

      await setWorkspaceTier(1);
      await waitForDiagnostics(uri, 'back to tier 1 (warning)', (all) => severityOf(all) === vscode.DiagnosticSeverity.Warning);
      // The folder's .kubetier.yaml (tier 2) outranks the setting.
      await openFixture('tier2/deploy.yaml');
      const folderTier = await waitForDiagnostics(fixtureUri('tier2/deploy.yaml'), 'tier 2 from .kubetier.yaml',
        (all) => severityOf(all) === vscode.DiagnosticSeverity.Error);
      assert.equal(severityOf(folderTier), vscode.DiagnosticSeverity.Error);
    });
  });
});
