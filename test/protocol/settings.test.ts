// Settings resolved per document, and every way of changing the tier re-lints open documents at once:
// the kubetier.tier setting, kubetier.enable, kubetier.rules overrides and .kubetier.yaml files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { TIER_INFO_REQUEST, type TierInfo } from '../../server/src/protocol';
import { SERVER_STATS_REQUEST, type ServerStats } from '../../server/src/lsp/stats';
import { fileUri, FileChangeType, LspTestClient, type Diagnostic } from '../support/lspClient';
import { LSP_SEVERITY, privilegedDeployment, privilegedSeverityAt } from '../support/manifests';

const severityOfPrivileged = (diagnostics: Diagnostic[]) => diagnostics.find((d) => d.code === 'privileged')?.severity;
const clients: LspTestClient[] = [];
const tempDirs: string[] = [];

async function startClient(...args: Parameters<typeof LspTestClient.start>): Promise<LspTestClient> {
  const client = await LspTestClient.start(...args);
  clients.push(client);
  return client;
}

function tempWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-protocol-'));
  tempDirs.push(dir);
  return dir;
}

after(async () => {
  await Promise.all(clients.map((client) => client.stop()));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('settings', () => {
  it('re-lints open documents when the kubetier.tier setting changes', async () => {
    const client = await startClient({ settings: { kubetier: { tier: 1 } } });
    const uri = 'file:///virtual/setting/tier.yaml';
    await client.open(uri, privilegedDeployment());
    assert.equal(severityOfPrivileged(await client.diagnosticsWith(uri, ['privileged'])), LSP_SEVERITY[privilegedSeverityAt(1)]);
    const stats = await client.request<ServerStats>(SERVER_STATS_REQUEST);

    await client.changeSettings({ kubetier: { tier: 2 } });
    const relinted = await client.diagnostics(uri, (p) => severityOfPrivileged(p.diagnostics) === LSP_SEVERITY[privilegedSeverityAt(2)]);
    assert.equal(relinted.filter((d) => d.code === 'privileged').length, 1);
    const info = await client.request<TierInfo>(TIER_INFO_REQUEST, { uri });
    assert.deepEqual(info, { tier: 2, source: 'kubetier.tier setting', kubernetesVersion: '1.31' });
    // A settings change re-lints but does not reparse: the text did not change.
    assert.equal((await client.request<ServerStats>(SERVER_STATS_REQUEST)).parses[uri], stats.parses[uri]);
  });

  it('asks for settings per document and applies each document its own', async () => {
    const client = await startClient({
      settings: (section, scopeUri) => (section === 'kubetier' ? { tier: scopeUri?.includes('/prod/') ? 2 : 1 } : null),
    });
    const dev = 'file:///virtual/dev/app.yaml';
    const prod = 'file:///virtual/prod/app.yaml';
    await client.open(dev, privilegedDeployment());
    await client.open(prod, privilegedDeployment());
    assert.equal(severityOfPrivileged(await client.diagnosticsWith(dev, ['privileged'])), LSP_SEVERITY[privilegedSeverityAt(1)]);
    assert.equal(severityOfPrivileged(await client.diagnosticsWith(prod, ['privileged'])), LSP_SEVERITY[privilegedSeverityAt(2)]);
    const scopes = client.configurationRequests.flat().map((item) => item.scopeUri);
    assert.ok(scopes.includes(dev) && scopes.includes(prod), `configuration asked per document: ${scopes.join(', ')}`);
  });

  it('publishes nothing when kubetier.enable is false, and lints again when it is turned back on', async () => {
    const client = await startClient({ settings: { kubetier: { enable: false } } });
    const uri = 'file:///virtual/enable/app.yaml';
    await client.open(uri, privilegedDeployment());
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.changeSettings({ kubetier: { enable: true } });
    await client.diagnosticsWith(uri, ['privileged']);
  });

  it('applies kubetier.rules severity overrides, including off', async () => {
    const client = await startClient({ settings: { kubetier: { tier: 2, rules: { privileged: 'info' } } } });
    const uri = 'file:///virtual/rules/app.yaml';
    await client.open(uri, privilegedDeployment());
    assert.equal(severityOfPrivileged(await client.diagnosticsWith(uri, ['privileged'])), LSP_SEVERITY.info);
    await client.changeSettings({ kubetier: { tier: 2, rules: { privileged: 'off' } } });
    await client.diagnosticsWithout(uri, ['privileged']);
  });

  it('uses settings pushed with didChangeConfiguration when the client cannot answer workspace/configuration', async () => {
    const client = await startClient({ configurationSupport: false });
    const uri = 'file:///virtual/push/app.yaml';
    await client.open(uri, privilegedDeployment());
    assert.equal(severityOfPrivileged(await client.diagnosticsWith(uri, ['privileged'])), LSP_SEVERITY[privilegedSeverityAt(1)]);
    await client.notify('workspace/didChangeConfiguration', { settings: { kubetier: { tier: 2 } } });
    await client.diagnostics(uri, (p) => severityOfPrivileged(p.diagnostics) === LSP_SEVERITY[privilegedSeverityAt(2)]);
    assert.equal(client.configurationRequests.length, 0);
  });
});

describe('.kubetier.yaml', () => {
  it('watches .kubetier.yaml and re-lints open documents when it changes', async () => {
    const dir = tempWorkspace();
    const configPath = path.join(dir, '.kubetier.yaml');
    fs.writeFileSync(configPath, 'tier: 1\n');
    fs.mkdirSync(path.join(dir, 'apps'));
    const manifest = path.join(dir, 'apps', 'web.yaml');
    fs.writeFileSync(manifest, privilegedDeployment());
    const client = await startClient({ settings: { kubetier: { tier: 3 } } });
    await client.waitFor(
      () => client.registrations.some((r) => JSON.stringify(r.registerOptions ?? {}).includes('.kubetier.yaml')),
      'a file watcher registration for .kubetier.yaml',
    );

    const uri = fileUri(manifest);
    await client.open(uri, fs.readFileSync(manifest, 'utf8'));
    // The folder's .kubetier.yaml (tier 1) wins over the setting (tier 3).
    assert.equal(severityOfPrivileged(await client.diagnosticsWith(uri, ['privileged'])), LSP_SEVERITY[privilegedSeverityAt(1)]);
    const before = await client.request<TierInfo>(TIER_INFO_REQUEST, { uri });
    assert.equal(before.source, configPath);

    fs.writeFileSync(configPath, 'tier: 2\nrules:\n  privileged: info\n');
    await client.watchedFilesChanged([{ uri: fileUri(configPath), type: FileChangeType.Changed }]);
    await client.diagnostics(uri, (p) => severityOfPrivileged(p.diagnostics) === LSP_SEVERITY.info);
    assert.equal((await client.request<TierInfo>(TIER_INFO_REQUEST, { uri })).tier, 2);

    fs.rmSync(configPath);
    await client.watchedFilesChanged([{ uri: fileUri(configPath), type: FileChangeType.Deleted }]);
    await client.diagnostics(uri, (p) => severityOfPrivileged(p.diagnostics) === LSP_SEVERITY[privilegedSeverityAt(3)]);
    assert.equal((await client.request<TierInfo>(TIER_INFO_REQUEST, { uri })).source, 'kubetier.tier setting');
  });

  it('ignores watched-file events for other files', async () => {
    const dir = tempWorkspace();
    const manifest = path.join(dir, 'web.yaml');
    fs.writeFileSync(manifest, privilegedDeployment());
    const client = await startClient({ settings: { kubetier: { tier: 1 } } });
    const uri = fileUri(manifest);
    await client.open(uri, privilegedDeployment());
    await client.diagnosticsWith(uri, ['privileged']);
    const lints = (await client.request<ServerStats>(SERVER_STATS_REQUEST)).lints[uri];
    await client.watchedFilesChanged([{ uri: fileUri(path.join(dir, 'other.yaml')), type: FileChangeType.Changed }]);
    // A request after the notification is answered after it was handled: no re-lint was scheduled.
    const stats = await client.request<ServerStats>(SERVER_STATS_REQUEST);
    assert.equal(stats.lints[uri], lints);
  });
});
