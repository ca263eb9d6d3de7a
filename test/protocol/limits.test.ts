// An open document over kubetier.maxFileSize is not parsed (a 20 MB file would take seconds):
// it gets one diagnostic that says why, and raising the setting checks it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../support/lspClient';
import { privilegedDeployment } from '../support/manifests';

/** A valid manifest padded with comment lines to about `kilobytes`. */
function paddedManifest(kilobytes: number): string {
  const line = '# padding that makes this manifest file large\n';
  return `${privilegedDeployment()}${line.repeat(Math.ceil((kilobytes * 1024) / line.length))}`;
}

describe('size limit for open documents', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ settings: { kubetier: { tier: 1, maxFileSize: 0.1 } } });
  });
  after(() => client.stop());

  it('a document over kubetier.maxFileSize gets one diagnostic naming the setting, and none from the rules', async () => {
    const uri = 'file:///virtual/limits/large.yaml';
    await client.open(uri, paddedManifest(200));
    const diagnostics = await client.diagnostics(uri);
    assert.equal(diagnostics.length, 1);
    const message = typeof diagnostics[0].message === 'string' ? diagnostics[0].message : diagnostics[0].message.value;
    assert.match(message, /kubetier\.maxFileSize \(0\.1 MB\)/);
    assert.equal(diagnostics[0].code, 'not-checked');
  });

  it('a document under the limit is checked as usual', async () => {
    const uri = 'file:///virtual/limits/small.yaml';
    await client.open(uri, privilegedDeployment());
    await client.diagnosticsWith(uri, ['privileged']);
  });

  it('raising the setting checks the large document', async () => {
    const uri = 'file:///virtual/limits/large.yaml';
    await client.changeSettings({ kubetier: { tier: 1, maxFileSize: 5 } });
    const diagnostics = await client.diagnosticsWith(uri, ['privileged']);
    assert.ok(diagnostics.every((diagnostic) => diagnostic.code !== undefined));
  });
});
