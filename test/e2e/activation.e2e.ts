// The packaged extension in a real VS Code (code-server 1.100): it is installed, activates, registers commands.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor } from './helpers';

describe('activation', () => {
  it('activates in a workspace of Kubernetes YAML and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    // The runner loads the packaged extension: bundles only, no sources or dev dependencies.
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'dist/server.js')), 'dist/server.js missing from the package');
    assert.ok(!fs.existsSync(path.join(extension.extensionPath, 'client/src')), `${extension.extensionPath} is a source tree, not the package`);
    assert.ok(!fs.existsSync(path.join(extension.extensionPath, 'node_modules/typescript')), 'dev dependencies were packaged');
    await openFixture('deploy.yaml');
    await waitFor('the extension to activate', () => extension.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['kubetier.selectTier', 'kubetier.restartServer', 'kubetier.showChecklist']) assert.ok(commands.includes(command), `${command} not registered`);
  });
});
