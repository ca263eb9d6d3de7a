// The real bundled server over stdio: what an editor sees when it opens and edits manifests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STATE_CHANGED_NOTIFICATION, TIER_INFO_REQUEST, type TierInfo } from '../../server/src/protocol';
import { SERVER_STATS_REQUEST, type ServerStats } from '../../server/src/lsp/stats';
import { LspTestClient, type Diagnostic } from '../support/lspClient';
import { LSP_SEVERITY, PRIVILEGED_LINE, privilegedDeployment, privilegedSeverityAt } from '../support/manifests';

const privilegedOf = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'privileged');

describe('diagnostics over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ settings: { kubetier: { tier: 1 } } });
  });
  after(() => client.stop());

  it('publishes rule diagnostics on open with code, source and documentation link', async () => {
    const uri = 'file:///virtual/open/deployment.yaml';
    await client.open(uri, privilegedDeployment());
    const [privileged] = privilegedOf(await client.diagnosticsWith(uri, ['privileged']));
    assert.equal(privileged.source, 'kubetier');
    assert.equal(privileged.codeDescription?.href, 'https://github.com/kubetier/kubetier/blob/main/docs/rules.md#privileged');
    assert.deepEqual(privileged.range, {
      start: { line: PRIVILEGED_LINE, character: 24 },
      end: { line: PRIVILEGED_LINE, character: 28 },
    });
    assert.equal(privileged.severity, LSP_SEVERITY[privilegedSeverityAt(1)]);
    const message = typeof privileged.message === 'string' ? privileged.message : privileged.message.value;
    assert.match(message, /Deployment "web"/);
  });

  it('gives a tier-1 and a tier-2 document the severities of their own tiers', async () => {
    assert.notEqual(privilegedSeverityAt(1), privilegedSeverityAt(2), 'the rule must differ between tiers for this test');
    const tier1 = 'file:///virtual/tiers/one.yaml';
    const tier2 = 'file:///virtual/tiers/two.yaml';
    await client.open(tier1, privilegedDeployment({ modeline: '# kubetier: tier=1' }));
    await client.open(tier2, privilegedDeployment({ modeline: '# kubetier: tier=2' }));
    const [one] = privilegedOf(await client.diagnosticsWith(tier1, ['privileged']));
    const [two] = privilegedOf(await client.diagnosticsWith(tier2, ['privileged']));
    assert.equal(one.severity, LSP_SEVERITY[privilegedSeverityAt(1)]);
    assert.equal(two.severity, LSP_SEVERITY[privilegedSeverityAt(2)]);
  });

  it('follows a modeline edit from tier=1 to tier=3 without reopening', async () => {
    const uri = 'file:///virtual/modeline/edit.yaml';
    await client.open(uri, privilegedDeployment({ modeline: '# kubetier: tier=1' }));
    const [before] = privilegedOf(await client.diagnosticsWith(uri, ['privileged']));
    assert.equal(before.severity, LSP_SEVERITY[privilegedSeverityAt(1)]);
    const notified = client.notifications.get(STATE_CHANGED_NOTIFICATION)?.length ?? 0;

    // Replace the single character "1" of "tier=1", as typing does.
    const column = '# kubetier: tier='.length;
    await client.edit(uri, { start: { line: 0, character: column }, end: { line: 0, character: column + 1 } }, '3');
    assert.match(client.text(uri)!, /^# kubetier: tier=3\n/);
    const after = await client.diagnostics(
      uri,
      (p) => p.version === client.version(uri) && privilegedOf(p.diagnostics)[0]?.severity === LSP_SEVERITY[privilegedSeverityAt(3)],
    );
    assert.equal(privilegedOf(after).length, 1);
    assert.equal(privilegedOf(after)[0].range.start.line, PRIVILEGED_LINE + 1);
    const info = await client.request<TierInfo>(TIER_INFO_REQUEST, { uri });
    assert.deepEqual({ tier: info.tier, source: info.source }, { tier: 3, source: 'modeline (line 1)' });
    // The status bar learns about the new tier.
    await client.waitFor(
      () => (client.notifications.get(STATE_CHANGED_NOTIFICATION)?.length ?? 0) > notified,
      'a kubetier/stateChanged notification after the modeline edit',
    );
    // An edit below the modeline leaves the tier alone: no notification (sent before the lint, so checkable now).
    const stateChanges = client.notifications.get(STATE_CHANGED_NOTIFICATION)!.length;
    await client.change(uri, client.text(uri)!.replace('name: web\n', 'name: web-2\n'));
    await client.diagnostics(uri);
    assert.equal(client.notifications.get(STATE_CHANGED_NOTIFICATION)!.length, stateChanges);
  });

  it('debounces edits and reparses only the document that changed', async () => {
    const edited = 'file:///virtual/debounce/edited.yaml';
    const untouched = 'file:///virtual/debounce/untouched.yaml';
    await client.open(edited, privilegedDeployment());
    await client.open(untouched, privilegedDeployment());
    await client.diagnosticsWith(edited, ['privileged']);
    await client.diagnosticsWith(untouched, ['privileged']);
    const before = await client.request<ServerStats>(SERVER_STATS_REQUEST);
    const seq = client.lastSeq();

    // Five quick keystrokes: the last one makes the container unprivileged. Past 32 KB (a long comment)
    // typing must pause 120 ms rather than 20 ms, so a loaded machine's gaps between writes do not end it.
    const padding = `# ${'x'.repeat(200)}\n`.repeat(170);
    const edits = ['"web-1"', '"web-12"', '"web-123"', '"web-1234"'].map((name) => privilegedDeployment({ name }) + padding);
    edits.push(privilegedDeployment({ name: 'web-final' }).replace('privileged: true', 'privileged: false') + padding);
    await Promise.all(edits.map((text) => client.change(edited, text)));
    const final = await client.diagnostics(edited, (p) => p.version === edits.length + 1, { after: seq });
    assert.deepEqual(privilegedOf(final), []);

    const afterStats = await client.request<ServerStats>(SERVER_STATS_REQUEST);
    const parses = afterStats.parses[edited] - before.parses[edited];
    assert.ok(parses >= 1 && parses < edits.length, `edits are debounced: ${parses} parses for ${edits.length} edits`);
    assert.equal(afterStats.parses[untouched], before.parses[untouched], 'the untouched document is not reparsed');
    assert.deepEqual(client.publicationsFor(untouched, seq), [], 'the untouched document is not republished');
  });

  it('re-runs only the checks a keystroke can affect, and publishes what opening the new text publishes', async () => {
    const uri = 'file:///virtual/incremental/many.yaml';
    const text = Array.from({ length: 30 }, (_, i) => privilegedDeployment({ name: `web-${i}` })).join('---\n');
    await client.open(uri, text);
    await client.diagnosticsWith(uri, ['privileged']);
    const before = await client.request<ServerStats>(SERVER_STATS_REQUEST);

    // One letter typed into the name of the 20th Deployment (0-based line 3 of it).
    const line = 19 * (privilegedDeployment().split('\n').length - 1 + 1) + 3;
    assert.match(client.text(uri)!.split('\n')[line], /^ {2}name: web-19$/);
    await client.edit(uri, { start: { line, character: 8 }, end: { line, character: 8 } }, 'x');
    const edited = await client.diagnostics(uri, (p) => p.version === client.version(uri));
    const after = await client.request<ServerStats>(SERVER_STATS_REQUEST);
    const opened = before.checks[uri];
    const typed = after.checks[uri] - before.checks[uri];
    assert.ok(opened > 0 && typed > 0 && typed < opened / 5, `${typed} checks for the keystroke, ${opened} for the open`);
    assert.equal(after.fallbacks[uri] ?? 0, 0, 'no lint fell back to a full lint');

    // The same text opened afresh (a full lint) gets the same diagnostics.
    const finalText = client.text(uri)!;
    await client.close(uri);
    const seq = client.lastSeq();
    await client.open(uri, finalText);
    const fresh = await client.diagnostics(uri, (p) => p.version === client.version(uri), { after: seq });
    // data holds the document version, which differs; its fix data must not.
    const comparable = (diagnostics: Diagnostic[]) => diagnostics.map(({ data, ...diagnostic }) => ({ ...diagnostic, fix: (data as { fix?: unknown } | undefined)?.fix }));
    assert.deepEqual(comparable(edited), comparable(fresh));
    assert.ok(edited.some((d) => d.code === 'privileged' && d.range.start.line > line), 'findings after the edit moved with it');
  });

  it('reports malformed YAML as yaml-syntax and keeps serving', async () => {
    const uri = 'file:///virtual/broken/broken.yaml';
    await client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n');
    const diagnostics = await client.diagnosticsWith(uri, ['yaml-syntax']);
    assert.ok(diagnostics.every((d) => d.source === 'kubetier'));
    await client.change(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fixed\n');
    await client.diagnosticsWithout(uri, ['yaml-syntax']);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = 'file:///virtual/close/deployment.yaml';
    await client.open(uri, privilegedDeployment());
    await client.diagnosticsWith(uri, ['privileged']);
    const seq = client.lastSeq();
    await client.close(uri);
    const cleared = await client.diagnostics(uri, () => true, { after: seq });
    assert.deepEqual(cleared, []);
  });
});
