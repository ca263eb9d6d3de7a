// The resource map panel, opened through its command in the real workbench.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';

const mapTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('kubetier.resourceMap'));

describe('resource map', () => {
  it('opens the resource map webview panel from its command, once', async () => {
    await openFixture('deploy.yaml');
    assert.equal(mapTabs().length, 0, 'a map panel was open before the command ran');
    await vscode.commands.executeCommand('kubetier.showResourceMap');
    const [tab] = await waitFor('a resource map webview tab', () => (mapTabs().length ? mapTabs() : undefined));
    assert.equal(tab.label, 'kubetier resource map');
    await vscode.commands.executeCommand('kubetier.showResourceMap');
    assert.equal(mapTabs().length, 1, 'running the command again reveals the same panel');
  });
});
