import { asArray, asMap, getPath } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import { defineRule } from '../engine/lint/rule';

const PRODUCTION = /(^|[^a-z])(prod|production|prd)([^a-z]|$)/i;

/** The destination namespace and source paths of an Application, where environments are named. */
function environmentNames(object: KubeObject): string[] {
  const sources = [getPath(object.value, ['spec', 'source']), ...asArray(getPath(object.value, ['spec', 'sources']))];
  return [getPath(object.value, ['spec', 'destination', 'namespace']), ...sources.map((source) => asMap(source)?.path)].filter(
    (value): value is string => typeof value === 'string',
  );
}

export default defineRule({
  id: 'argocd-prod-autosync',
  title: 'Production syncs are manual',
  category: 'platform',
  tiers: { 3: 'info' },
  rationale: 'The seed promotes auto-sync for dev and manual sync for prod: a merge should not reach production without a deliberate sync.',
  remediation: 'Remove syncPolicy.automated from production Applications and promote with a manual sync (or a progressive-delivery gate).',
  appliesTo: (object) => object.kind === 'Application' && object.group === 'argoproj.io',
  check({ object, report }) {
    if (getPath(object.value, ['spec', 'syncPolicy', 'automated']) === undefined) return;
    const production = environmentNames(object).find((name) => PRODUCTION.test(name));
    if (!production) return;
    report({
      path: ['spec', 'syncPolicy', 'automated'],
      message: `Auto-syncs to production ("${production}"); tier 3 (Enterprise) syncs prod by hand`,
    });
  },
});
