// The tier checklist panel, opened through its command in the real workbench, and what its
// "Generate…" buttons run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { openFixture, waitFor, workspaceRoot } from './helpers';

const checklistTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('kubetier.checklist'));

describe('tier checklist', () => {
  it('opens the checklist webview panel from its command', async () => {
    await openFixture('deploy.yaml');
    assert.equal(checklistTabs().length, 0, 'a checklist panel was open before the command ran');
    await vscode.commands.executeCommand('kubetier.showChecklist');
    const [tab] = await waitFor('a checklist webview tab', () => (checklistTabs().length ? checklistTabs() : undefined));
    assert.equal(tab.label, 'kubetier checklist');
    assert.ok(tab.isActive, 'the checklist panel is not the active tab');
    // Running the command again reveals the same panel instead of opening a second one.
    await vscode.commands.executeCommand('kubetier.showChecklist');
    assert.equal(checklistTabs().length, 1);
  });

  it('generates the missing part of an item without a template into a folder, and opens it', async () => {
    const target = path.join(workspaceRoot().fsPath, 'generated-part');
    const result = await vscode.commands.executeCommand<{ target: string; files: string[] } | undefined>('kubetier.addChecklistItem', {
      itemId: 't4-dns-failover',
      target: 'generated-part',
    });
    assert.deepEqual(result, { target, files: ['platform/dns-failover.yaml'] });
    const written = path.join(target, 'platform/dns-failover.yaml');
    assert.match(fs.readFileSync(written, 'utf8'), /^kind: /m);
    await waitFor('the generated file in the editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === written);
  });
});
