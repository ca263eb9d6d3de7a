// Snippets and "Generate tier bundle" in a real VS Code (code-server 1.100): the tier templates are offered as
// completions in YAML, and the command run with preset answers writes a bundle whose manifests open clean.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { waitFor, waitForDiagnostics, withCode, workspaceRoot } from './helpers';

const GENERATED = 'generated-e2e';

describe('snippets and Generate tier bundle', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(workspaceRoot().fsPath, GENERATED), { recursive: true, force: true });
  });

  it('offers the tier templates as completions in a YAML file', async () => {
    const folder = path.join(workspaceRoot().fsPath, GENERATED);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'snippet-probe.yaml');
    fs.writeFileSync(file, 'k8s-t\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    assert.equal(editor.document.languageId, 'yaml');
    const labels = await waitFor('k8s-t1-deployment among the completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(0, 5));
      const found = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      return found.includes('k8s-t1-deployment') ? found : undefined;
    });
    for (const prefix of ['k8s-t2-deployment', 'k8s-t2-pdb', 'k8s-t3-externalsecret', 'k8s-t5-karpenter']) assert.ok(labels.includes(prefix), `${prefix} offered`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('generates a bundle from preset answers, opens its README, and its manifests have no kubetier errors or warnings', async () => {
    const target = path.join(workspaceRoot().fsPath, GENERATED, 'shop');
    const result = await vscode.commands.executeCommand<{ target: string; files: string[] } | undefined>('kubetier.generateBundle', {
      name: 'shop',
      tier: 2,
      packaging: 'kustomize',
      provider: 'gke',
      path: target,
      openChecklist: false,
    });
    assert.ok(result, 'the command returns what it wrote');
    assert.equal(result.target, target);
    for (const file of ['README.md', '.kubetier.yaml', 'base/deployment.yaml', 'base/pdb.yaml', 'overlays/prod/kustomization.yaml', 'platform/guardrails.yaml']) {
      assert.ok(result.files.includes(file), `${file} listed`);
      assert.ok(fs.existsSync(path.join(target, file)), `${file} written`);
    }
    assert.match(fs.readFileSync(path.join(target, '.kubetier.yaml'), 'utf8'), /^tier: 2$/m);
    await waitFor('the README in the editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === path.join(target, 'README.md'));

    const uri = vscode.Uri.file(path.join(target, 'base/deployment.yaml'));
    const editor = await vscode.window.showTextDocument(uri);
    // An empty list is also what an idle server shows: introduce a finding the bundle's tier (2, from its
    // .kubetier.yaml) makes an error (a warning at tier 1), then take it away; the list must come back clean
    // after a real lint.
    const line = editor.document.getText().split('\n').findIndex((text) => /^\s*allowPrivilegeEscalation: false$/.test(text));
    assert.ok(line >= 0, 'the container forbids privilege escalation');
    const original = editor.document.lineAt(line);
    const indent = original.text.slice(0, original.firstNonWhitespaceCharacterIndex);
    await editor.edit((edit) => edit.insert(original.range.end, `\n${indent}privileged: true`));
    const flagged = await waitForDiagnostics(uri, 'privileged after the edit', (all) => withCode(all, 'privileged').length > 0);
    assert.equal(withCode(flagged, 'privileged')[0].severity, vscode.DiagnosticSeverity.Error, 'tier 2 from the bundle\'s .kubetier.yaml');
    await editor.edit((edit) => edit.delete(new vscode.Range(original.range.end, editor.document.lineAt(line + 1).range.end)));
    assert.equal(editor.document.lineAt(line).text, original.text);
    const diagnostics = await waitForDiagnostics(uri, 'no error, warning or info after the undoing edit', (all) =>
      all.every((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Hint),
    );
    assert.deepEqual(diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`), []);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
