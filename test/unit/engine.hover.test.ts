// Hover text for findings (server/src/lsp/hover.ts): which findings a position hits and how parts combine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/lint/config';
import type { Finding } from '../../server/src/engine/lint/lint';
import { combineHovers, findingsHover, rangeContains, tierTableMarkdown } from '../../server/src/lsp/hover';
import { RULES_BY_ID } from '../../server/src/rules';

const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
const finding = (ruleId: string, r = range(3, 10, 14)): Finding => ({ ruleId, severity: 'error', message: 'm', range: r, related: [] });

describe('finding hover', () => {
  const settings = resolveSettings('', undefined, { tier: 2 });

  it('hits a finding at its start and end, not beside it', () => {
    assert.ok(rangeContains(range(3, 10, 14), { line: 3, character: 10 }));
    assert.ok(rangeContains(range(3, 10, 14), { line: 3, character: 14 }));
    assert.ok(!rangeContains(range(3, 10, 14), { line: 3, character: 15 }));
    assert.ok(!rangeContains(range(3, 10, 14), { line: 2, character: 12 }));
  });

  it('explains each rule once, the most precise finding first', () => {
    const snapshot = {
      settings,
      findings: [finding('yaml-syntax', range(0, 0, 40)), finding('privileged', range(3, 10, 14)), finding('privileged', range(3, 8, 20))],
    };
    const part = findingsHover(snapshot, { line: 3, character: 12 }, RULES_BY_ID);
    assert.ok(part);
    assert.deepEqual(part.range, range(3, 10, 14));
    assert.equal(part.markdown.split(RULES_BY_ID.get('privileged')!.title).length - 1, 1);
    assert.equal(findingsHover(snapshot, { line: 9, character: 0 }, RULES_BY_ID), undefined);
  });

  it('marks the current tier in the tier table', () => {
    const table = tierTableMarkdown(RULES_BY_ID.get('privileged')!, 2);
    assert.deepEqual(table.split('\n'), ['| T1 | **T2** | T3 | T4 | T5 |', '|---|---|---|---|---|', '| warning | **error** | error | error | error |']);
  });

  it('says when a rules override set the severity', () => {
    const overridden = resolveSettings('', undefined, { tier: 2, rules: { privileged: 'info' } });
    const part = findingsHover({ settings: overridden, findings: [{ ...finding('privileged'), severity: 'info' }] }, { line: 3, character: 11 }, RULES_BY_ID);
    assert.match(part!.markdown, /\*\*info\*\* at tier 2 \(Production\), set by a `rules:` override/);
  });

  it('combines parts of several providers, kubetier first, skipping empty ones', () => {
    assert.equal(combineHovers([undefined, { markdown: '  ' }]), null);
    const hover = combineHovers([{ markdown: 'kubetier', range: range(1, 0, 3) }, undefined, { markdown: 'schema' }]);
    assert.deepEqual(hover, { contents: { kind: 'markdown', value: 'kubetier\n\n---\n\nschema' }, range: range(1, 0, 3) });
  });
});
