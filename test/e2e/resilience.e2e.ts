// A language server that dies (here: killed) is restarted by the client and checks documents again.
import * as fs from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { fixtureUri, openFixture, waitFor, waitForDiagnostics, withCode } from './helpers';

/** Pids of this extension host's children running kubetier's dist/server.js (read from /proc). */
function serverPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent pid; the name (field 2) may hold spaces, so split after it.
        const parent = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        return parent === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/server.js');
      } catch {
        return false; // The process ended while we looked.
      }
    })
    .map(Number);
}

/** Rewrites the value of deploy.yaml's `privileged:` line. */
async function setPrivileged(editor: vscode.TextEditor, value: 'true' | 'false'): Promise<void> {
  const line = editor.document.getText().split('\n').findIndex((text) => text.includes('privileged:'));
  const text = editor.document.lineAt(line).text;
  const start = new vscode.Position(line, text.indexOf('privileged:') + 'privileged: '.length);
  await editor.edit((edit) => edit.replace(new vscode.Range(start, editor.document.lineAt(line).range.end), value));
}

describe('server resilience', () => {
  it('restarts a killed language server and keeps reporting diagnostics', async () => {
    const uri = fixtureUri('deploy.yaml');
    const editor = await openFixture('deploy.yaml');
    // Start from no privileged finding, so the one that appears later can only come from the new server.
    await setPrivileged(editor, 'false');
    await waitForDiagnostics(uri, 'no privileged finding', (all) => withCode(all, 'privileged').length === 0);
    const [before] = await waitFor('the running language server', () => (serverPids().length === 1 ? serverPids() : undefined));
    process.kill(before, 'SIGKILL');
    await waitFor('a restarted language server', () => serverPids().length === 1 && serverPids()[0] !== before);
    await setPrivileged(editor, 'true');
    await waitForDiagnostics(uri, 'privileged from the restarted server', (all) => withCode(all, 'privileged').length === 1);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
