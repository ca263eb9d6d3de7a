// Hover on a flagged node explains the rule: title, why, the tier table, severity at this tier, the fix, the docs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ruleDocUrl } from '../../server/src/engine/lint/docs';
import { describeTierTable } from '../../server/src/engine/lint/rule';
import { RULES_BY_ID } from '../../server/src/rules';
import { LspTestClient } from '../support/lspClient';
import { PRIVILEGED_LINE, privilegedDeployment, privilegedSeverityAt } from '../support/manifests';

describe('hover', () => {
  let client: LspTestClient;
  const uri = 'file:///virtual/hover/deployment.yaml';
  before(async () => {
    client = await LspTestClient.start({ settings: { kubetier: { tier: 2 } } });
    await client.open(uri, privilegedDeployment());
    await client.diagnosticsWith(uri, ['privileged']);
  });
  after(() => client.stop());

  it('explains the finding under the cursor', async () => {
    const rule = RULES_BY_ID.get('privileged')!;
    const hover = await client.hover(uri, { line: PRIVILEGED_LINE, character: 26 });
    assert.ok(hover, 'a hover on the flagged value');
    const contents = hover.contents as { kind: string; value: string };
    assert.equal(contents.kind, 'markdown');
    const text = contents.value;
    assert.ok(text.includes(rule.title), 'title');
    assert.ok(text.includes(rule.rationale), 'rationale');
    assert.ok(text.includes(describeTierTable(rule.tiers)), 'tier table summary');
    assert.ok(text.includes(`**${privilegedSeverityAt(2)}** at tier 2`), 'severity at the current tier');
    assert.ok(text.includes(rule.remediation), 'how to fix');
    assert.ok(text.includes('Set privileged: false'), 'the quick-fix title');
    assert.ok(text.includes(`(${ruleDocUrl('privileged')})`), 'link to the docs');
    assert.deepEqual(hover.range, { start: { line: PRIVILEGED_LINE, character: 24 }, end: { line: PRIVILEGED_LINE, character: 28 } });
  });

  it('shows nothing from kubetier where nothing is flagged', async () => {
    const hover = await client.hover(uri, { line: 3, character: 9 });
    const value = hover ? (hover.contents as { value: string }).value : '';
    assert.ok(!value.includes('privileged'), `no finding hover on metadata.name, got: ${value}`);
  });
});
