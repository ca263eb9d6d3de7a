import { defineRule } from '../engine/lint/rule';

/** Reported by the engine (engine/lint/lint.ts) when a rule throws; the other rules still run. */
export default defineRule({
  id: 'internal-error',
  title: 'kubetier rule failure',
  category: 'engine',
  tiers: { 1: 'error' },
  rationale: 'A rule that fails must not hide the findings of the others, nor fail silently.',
  remediation: 'Report the message with the manifest that triggers it; the failing rule is skipped for that file until then.',
});
