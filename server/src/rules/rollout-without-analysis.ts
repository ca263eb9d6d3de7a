import { asArray, asMap, getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'rollout-without-analysis',
  title: 'Canary rollouts are analysed',
  category: 'platform',
  tiers: { 4: 'info' },
  rationale: 'A canary without analysis shifts traffic on a timer: a bad version reaches everyone unless someone watches and aborts by hand.',
  remediation: 'Add an analysis step (or background analysis) with an AnalysisTemplate that checks success rate or latency.',
  appliesTo: (object) => object.kind === 'Rollout' && object.group === 'argoproj.io',
  check({ object, report }) {
    const canary = asMap(getPath(object.value, ['spec', 'strategy', 'canary']));
    if (!canary) return;
    if (canary.analysis !== undefined) return;
    if (asArray(canary.steps).some((step) => asMap(step)?.analysis !== undefined)) return;
    report({
      path: ['spec', 'strategy', 'canary'],
      message: 'Shifts canary traffic without analysis; tier 4 (Multi-Cluster) gates canaries on metrics',
      advice: 'Add an analysis step with an AnalysisTemplate.',
    });
  },
});
