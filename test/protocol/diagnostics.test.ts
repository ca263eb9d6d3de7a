// The real bundled server over stdio: what an editor sees when it opens and edits manifests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../support/lspClient';

const PRIVILEGED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: true
`;

describe('diagnostics over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ settings: { kubetier: { tier: 1 } } });
  });
  after(() => client.stop());

  it('publishes rule diagnostics on open with code, source and documentation link', async () => {
    const uri = 'file:///virtual/open/deployment.yaml';
    await client.open(uri, PRIVILEGED);
    const diagnostics = await client.diagnosticsWith(uri, ['privileged']);
    const privileged = diagnostics.find((d) => d.code === 'privileged')!;
    assert.equal(privileged.source, 'kubetier');
    assert.match(privileged.codeDescription!.href, /docs\/rules\.md#privileged$/);
    assert.deepEqual(privileged.range.start, { line: 15, character: 24 });
  });
});
