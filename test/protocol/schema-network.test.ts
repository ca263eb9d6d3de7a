// No network at any time: the server runs with every outbound API (http, https, net, tls, dns, fetch)
// replaced by a recorder (test/support/no-network.cjs) while it validates, completes and hovers
// built-in kinds and CRDs; the recorder must stay empty.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CompletionRequest } from 'vscode-languageserver-protocol';
import { fileUri, LspTestClient } from '../support/lspClient';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const PRELOAD = path.join(REPO_ROOT, 'test/support/no-network.cjs');

function withBlockedNetwork(log: string): NodeJS.ProcessEnv {
  return { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim(), KUBETIER_NETWORK_LOG: log };
}

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: tls
spec:
  secretName: tls
  issuerRef:
    name: letsencrypt
  dnsNamez: [example.com]
---
apiVersion: widgets.example.com/v1
kind: Widget
metadata:
  name: unknown
`;

describe('no network', () => {
  it('the recorder catches an outbound request (so an empty log means something)', () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-net-')), 'attempts.log');
    const result = spawnSync(process.execPath, ['-e', "try { require('https').get('https://www.schemastore.org/api/json/catalog.json') } catch {}"], {
      env: withBlockedNetwork(log),
    });
    assert.equal(result.status, 0, String(result.stderr));
    assert.match(fs.readFileSync(log, 'utf8'), /https\.get https:\/\/www\.schemastore\.org/);
  });

  it('validation, completion and hover of built-in kinds and CRDs attempt no network access', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-net-'));
    const log = path.join(dir, 'attempts.log');
    const saved = process.env;
    process.env = withBlockedNetwork(log);
    let client: LspTestClient;
    try {
      client = await LspTestClient.start({ settings: { kubetier: { enable: true, tier: 2 } } });
    } finally {
      process.env = saved;
    }
    try {
      const uri = fileUri(path.join(dir, 'all.yaml'));
      await client.open(uri, MANIFESTS);
      const diagnostics = await client.diagnosticsWith(uri, ['schema-validation']);
      // Two schema problems, and a note that the unknown CRD's resource is not validated.
      assert.equal(diagnostics.filter((d) => d.code === 'schema-validation').length, 3, JSON.stringify(diagnostics));
      const lines = MANIFESTS.split('\n');
      const items = await client.request<{ items: { label: string }[] }>(CompletionRequest.method, {
        textDocument: { uri },
        position: { line: lines.indexOf('          securityContext:') + 1, character: 12 },
      });
      assert.ok(items.items.some((item) => item.label === 'runAsNonRoot'));
      const certificateLine = lines.indexOf('  issuerRef:');
      const hover = await client.hover(uri, { line: certificateLine, character: 4 });
      assert.ok(hover, 'hover from the bundled cert-manager schema');
      await client.hover(uri, { line: lines.length - 3, character: 2 });
    } finally {
      await client.stop();
    }
    assert.ok(fs.readFileSync(`${log}.loaded`, 'utf8').includes(`${client.process.pid}\n`), 'the server ran with the recorder loaded');
    assert.equal(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '', '', 'no network access attempted');
  });
});
