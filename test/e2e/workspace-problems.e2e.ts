// Workspace-wide problems, the folder commands and the walkthrough's shipped media in a real VS Code
// (code-server): a file never opened has its findings listed and follows changes on disk; an open file
// lists each problem once (pushed and pulled problems do not add up); "Generate tier bundle here" writes
// into the folder it is run on; "Lint folder" counts a folder's problems.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, fixtureUri, kubetierDiagnostics, openFixture, waitForDiagnostics, withCode, workspaceRoot } from './helpers';

const FOLDER = 'problems-e2e';

const deployment = (privileged: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: on-disk
spec:
  selector:
    matchLabels: {app: on-disk}
  template:
    metadata:
      labels: {app: on-disk}
    spec:
      containers:
        - name: on-disk
          image: nginx:1.27.3
          securityContext:
            privileged: ${privileged}
`;

const key = (diagnostic: vscode.Diagnostic) => `${codeOf(diagnostic)}@${diagnostic.range.start.line}:${diagnostic.range.start.character}:${diagnostic.message}`;

describe('workspace problems and folder commands', () => {
  const folder = () => path.join(workspaceRoot().fsPath, FOLDER);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder(), { recursive: true, force: true });
  });

  it('lists the findings of a file on disk that no editor opened, and follows it when it changes on disk', async () => {
    fs.mkdirSync(folder(), { recursive: true });
    const file = path.join(folder(), 'on-disk.yaml');
    fs.writeFileSync(file, deployment(true));
    const uri = vscode.Uri.file(file);
    await waitForDiagnostics(uri, 'privileged on a file never opened', (all) => withCode(all, 'privileged').length === 1, 30000);
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.fsPath === file), 'the file was never opened');

    fs.writeFileSync(file, deployment(false));
    await waitForDiagnostics(uri, 'privileged gone after the change on disk', (all) => all.length > 0 && withCode(all, 'privileged').length === 0, 30000);
  });

  it('lists each problem of an open file once, also after the workspace pull has run again', async () => {
    const uri = fixtureUri('deploy.yaml');
    await openFixture('deploy.yaml');
    const diagnostics = await waitForDiagnostics(uri, 'the pushed problems', (all) => withCode(all, 'privileged').length > 0);
    // The client pulls the workspace again 2 s after each answer: give it that long to add anything twice.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const now = kubetierDiagnostics(uri);
    assert.deepEqual(now.map(key).sort(), [...new Set(now.map(key))].sort(), 'no problem listed twice');
    assert.equal(now.length, diagnostics.length);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // Closed, the file's problems come from the workspace pull: still listed, still once each.
    await waitForDiagnostics(uri, 'privileged listed once after closing', (all) => withCode(all, 'privileged').length === 1, 30000);
  });

  it('"Lint folder" counts the problems of the folder it is run on', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; filesWithProblems: number; problems: number }>('kubetier.lintFolder', vscode.Uri.file(path.join(workspaceRoot().fsPath, 'tier2')));
    assert.ok(result, 'the command returns its counts');
    assert.equal(result.files, 1, 'tier2/ holds one YAML file (its .kubetier.yaml is not a manifest)');
    assert.equal(result.filesWithProblems, 1);
    const listed = kubetierDiagnostics(fixtureUri('tier2/deploy.yaml'));
    assert.equal(result.problems, listed.length, `counted ${result.problems}, listed ${listed.length}`);
  });

  it('"Generate tier bundle here" writes the bundle into the folder it is run on, under its name', async () => {
    fs.mkdirSync(folder(), { recursive: true });
    const result = await vscode.commands.executeCommand<{ target: string; files: string[] } | undefined>('kubetier.generateBundleHere', vscode.Uri.file(folder()), {
      name: 'here',
      tier: 1,
      packaging: 'raw',
      openChecklist: false,
    });
    assert.ok(result, 'the command returns what it wrote');
    assert.equal(result.target, path.join(folder(), 'here'));
    assert.ok(fs.existsSync(path.join(folder(), 'here', 'README.md')));
  });

  it('ships the walkthrough: every step has its markdown in the package and completes on an event', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const [walkthrough] = extension.packageJSON.contributes.walkthroughs as { id: string; steps: { id: string; media: { markdown: string }; completionEvents: string[] }[] }[];
    assert.equal(walkthrough.id, 'gettingStarted');
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(extension.extensionPath, step.media.markdown)), `${step.media.markdown} is in the package`);
      assert.ok(step.completionEvents.length > 0, `${step.id} completes on an event`);
    }
  });
});
