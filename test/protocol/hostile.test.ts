// Hostile documents opened one after the other in the real server: each gets one clear diagnostic (or
// none, where the text is fine), and after each the server still lints and hovers a normal document.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient, type Diagnostic } from '../support/lspClient';
import { PRIVILEGED_LINE, privilegedDeployment } from '../support/manifests';

/** The head of a ConfigMap up to `data:` (each document its own name: duplicates would be a finding). */
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n`;

/** The billion laughs: nine levels of nine aliases each. */
function aliasBomb(): string {
  let text = `${configMap('bomb')}  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let level = 1; level < 10; level++) {
    const name = String.fromCharCode(97 + level);
    text += `  ${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]\n`;
  }
  return text;
}

const message = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);

describe('hostile documents in the server', { timeout: 60_000 }, () => {
  let client: LspTestClient;
  const normal = 'file:///virtual/hostile/normal.yaml';
  let round = 0;

  before(async () => {
    client = await LspTestClient.start({ settings: { kubetier: { tier: 1 } } });
    await client.open(normal, privilegedDeployment());
    await client.diagnosticsWith(normal, ['privileged']);
  });
  after(() => client.stop());

  /** The server lints an edit of the normal document and answers a hover on its finding. */
  async function assertStillServing(): Promise<void> {
    round++;
    await client.change(normal, privilegedDeployment({ name: `web-${round}` }));
    await client.diagnosticsWith(normal, ['privileged']);
    const hover = await client.hover(normal, { line: PRIVILEGED_LINE, character: 24 });
    assert.match(JSON.stringify(hover?.contents ?? null), /privileged/);
  }

  /** Opens `text` and returns the diagnostics published for it. */
  async function openHostile(name: string, text: string): Promise<Diagnostic[]> {
    const uri = `file:///virtual/hostile/${name}`;
    await client.open(uri, text);
    return client.diagnostics(uri);
  }

  it('an alias bomb: one diagnostic naming kubetier.maxDocumentNodes', async () => {
    const diagnostics = await openHostile('bomb.yaml', aliasBomb());
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ['yaml-syntax']);
    assert.match(message(diagnostics[0]), /more than 1000000 nodes with its aliases expanded.*kubetier\.maxDocumentNodes/);
    await assertStillServing();
  });

  it('10,000 levels of flow nesting: one diagnostic where level 501 starts', async () => {
    const diagnostics = await openHostile('deep.yaml', `${configMap('deep')}  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start]),
      [['yaml-syntax', { line: 5, character: 503 }]],
    );
    assert.match(message(diagnostics[0]), /nesting deeper than 500 levels; raise kubetier\.maxNestingDepth/);
    await assertStillServing();
  });

  it('a 2 MB single line: read and linted, nothing to report', async () => {
    const diagnostics = await openHostile('long-line.yaml', `${configMap('long-line')}  blob: ${'x'.repeat(2 * 1024 * 1024)}\n`);
    assert.deepEqual(diagnostics, []);
    await assertStillServing();
  });

  it('binary-looking text with NUL characters: one notice that it is not checked', async () => {
    const diagnostics = await openHostile('image.yaml', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000');
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, message(diagnostic)]),
      [['not-checked', 'kubetier does not check this file: it looks binary (a NUL character in its first 8 KiB).']],
    );
    await assertStillServing();
  });

  it('invalid UTF-8 read with replacement characters: linted as usual, nothing to report', async () => {
    const diagnostics = await openHostile('latin1.yaml', `${configMap('latin1')}  greeting: "gr\ufffd\ufffdzi"\n  \ufffd: x\n`);
    assert.deepEqual(diagnostics, []);
    await assertStillServing();
  });

  it('the limits follow the settings: the normal document is re-read under a lower nesting limit, and again when it is lifted', async () => {
    const lowered = client.lastSeq();
    await client.changeSettings({ kubetier: { tier: 1, maxNestingDepth: 5 } });
    const diagnostics = await client.diagnostics(normal, (publication) => publication.diagnostics.some((diagnostic) => diagnostic.code === 'yaml-syntax'), { after: lowered });
    assert.deepEqual(
      diagnostics.map((diagnostic) => [message(diagnostic), diagnostic.range.start]),
      // The root map is level 1, spec 2, template 3, its spec 4, containers 5: the container map is level 6.
      [['YAML syntax error: Document not read: nesting deeper than 5 levels; raise kubetier.maxNestingDepth (CLI: --max-depth) to read it', { line: 12, character: 10 }]],
    );
    await client.changeSettings({ kubetier: { tier: 1 } });
    await client.diagnosticsWith(normal, ['privileged'], { after: lowered });
  });
});
