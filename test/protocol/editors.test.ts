// What editors other than VS Code rely on: the server started as `kubetier lsp --stdio`, settings from
// initializationOptions when the client cannot answer workspace/configuration, file watching asked of
// clients that can watch (and done by the server for those that cannot), fix all beside a quick-fix.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { tempWorkspace } from '../support/cli';
import { REPO_ROOT } from '../support/fixtures';
import { fileUri, LspTestClient, type LspClientOptions } from '../support/lspClient';
import { LSP_SEVERITY, privilegedDeployment, privilegedSeverityAt } from '../support/manifests';
import { FIX_ALL_TITLE } from '../../server/src/lsp/fixAllCommand';
import { FIX_ALL_COMMAND } from '../../server/src/protocol';

const clients: LspTestClient[] = [];
after(() => Promise.all(clients.map((client) => client.stop())));

async function start(options: LspClientOptions): Promise<LspTestClient> {
  const client = await LspTestClient.start(options);
  clients.push(client);
  return client;
}

/** A PodDisruptionBudget for the pods of privilegedDeployment() in `namespace`. */
function budget(namespace: string): string {
  return `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: ${namespace} }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { app: web } }\n`;
}

/** Waits until the start-up scan has logged its summary (the server watches files from then on). */
function indexed(client: LspTestClient): Promise<unknown> {
  return client.waitFor(
    () => (client.notifications.get('window/logMessage') ?? []).some((entry) => (entry as { message: string }).message.startsWith('kubetier: indexed')),
    'the start-up index scan',
  );
}

describe('the language server for other editors', () => {
  it('starts as `kubetier lsp --stdio` and takes its settings from initializationOptions', async () => {
    // No workspace/configuration and nothing pushed: initialization options are all the client says.
    for (const initializationOptions of [{ kubetier: { tier: 2 } }, { tier: 2 }]) {
      const client = await start({ serverArgs: [path.join(REPO_ROOT, 'bin/kubetier.js'), 'lsp', '--stdio'], configurationSupport: false, initializationOptions });
      const uri = 'file:///virtual/editors/init-options.yaml';
      await client.open(uri, privilegedDeployment());
      const [privileged] = (await client.diagnosticsWith(uri, ['privileged'])).filter((diagnostic) => diagnostic.code === 'privileged');
      assert.equal(privileged.severity, LSP_SEVERITY[privilegedSeverityAt(2)], JSON.stringify(initializationOptions));
    }
  });

  it('lets workspace/configuration win over initializationOptions', async () => {
    const client = await start({ initializationOptions: { kubetier: { tier: 2 } }, settings: { kubetier: { tier: 1 } } });
    const uri = 'file:///virtual/editors/both.yaml';
    await client.open(uri, privilegedDeployment());
    const [privileged] = (await client.diagnosticsWith(uri, ['privileged'])).filter((diagnostic) => diagnostic.code === 'privileged');
    assert.equal(privileged.severity, LSP_SEVERITY[privilegedSeverityAt(1)]);
  });

  it('asks a client that can watch files to watch YAML files and folders, unless it says it already does', async () => {
    const asks = await start({ watchedFilesSupport: true });
    const patterns = await asks.waitFor(() => {
      const watchers = asks.registrations.filter((registration) => registration.method === 'workspace/didChangeWatchedFiles');
      return watchers.length > 0 && watchers.flatMap((registration) => (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((watcher) => watcher.globPattern));
    }, 'the watched-files registration');
    assert.ok(patterns.includes('**/*.{yaml,yml}') && patterns.includes('**/.kubetier.yaml'), JSON.stringify(patterns));
    const vscodeLike = await start({ watchedFilesSupport: true, initializationOptions: { clientWatchesFiles: true } });
    const ownPatterns = await vscodeLike.waitFor(() => {
      const watchers = vscodeLike.registrations.filter((registration) => registration.method === 'workspace/didChangeWatchedFiles');
      return watchers.length > 0 && watchers.flatMap((registration) => (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((watcher) => watcher.globPattern));
    }, 'the watched-files registration');
    assert.deepEqual(ownPatterns, ['**/.kubetier.yaml']);
  });

  it('watches the workspace itself for a client that cannot: a file written on disk changes an open file\'s findings', async () => {
    const root = fs.realpathSync(tempWorkspace({ 'web.yaml': privilegedDeployment({ namespace: 'shop', replicas: 3 }), 'node_modules/x/ignored.yaml': '' }));
    const client = await start({ rootUri: fileUri(root), watchedFilesSupport: false, settings: { kubetier: { tier: 2 } } });
    await indexed(client);
    const uri = fileUri(path.join(root, 'web.yaml'));
    await client.open(uri, privilegedDeployment({ namespace: 'shop', replicas: 3 }));
    await client.diagnosticsWith(uri, ['pdb-missing']);
    let seq = client.lastSeq();
    // Neither the client nor the test says anything: the server sees the file appear, change and go.
    fs.mkdirSync(path.join(root, 'policies'));
    fs.writeFileSync(path.join(root, 'policies/pdb.yaml'), budget('shop'));
    await client.diagnosticsWithout(uri, ['pdb-missing'], { after: seq });
    seq = client.lastSeq();
    fs.writeFileSync(path.join(root, 'policies/pdb.yaml'), budget('other'));
    await client.diagnosticsWith(uri, ['pdb-missing'], { after: seq });
    seq = client.lastSeq();
    fs.writeFileSync(path.join(root, 'policies/pdb.yaml'), budget('shop'));
    await client.diagnosticsWithout(uri, ['pdb-missing'], { after: seq });
    seq = client.lastSeq();
    fs.rmSync(path.join(root, 'policies'), { recursive: true });
    await client.diagnosticsWith(uri, ['pdb-missing'], { after: seq });
  });

  it('offers fix all as a quick-fix command when the client names no kinds, and nothing for a stale diagnostic', async () => {
    const client = await start({ settings: { kubetier: { tier: 2 } } });
    const uri = 'file:///virtual/editors/fix-all.yaml';
    await client.open(uri, privilegedDeployment());
    const diagnostic = (await client.diagnosticsWith(uri, ['privileged'])).find((candidate) => candidate.code === 'privileged')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const fixAll = actions.filter((action) => action.command?.command === FIX_ALL_COMMAND);
    assert.deepEqual(fixAll.map((action) => [action.kind, action.title]), [['quickfix', FIX_ALL_TITLE]], 'one fix all, a quick-fix any client can run');
    const withoutDiagnostic = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [] } });
    assert.deepEqual(withoutDiagnostic, [], 'nothing under the cursor to fix: nothing offered');
  });
});
