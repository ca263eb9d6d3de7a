// An autoscaler's minimum is what a workload runs at when load is low: replicas-minimum and pdb-missing
// judge it, not only spec.replicas or the maximum.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { lintFile } from '../../server/src/engine/lint/lint';
import { parseText } from '../../server/src/engine/workspace/disk';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES_BY_ID } from '../../server/src/rules';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api:1.0}]
`;

function hpa(minReplicas: number | undefined, maxReplicas = 6): string {
  const min = minReplicas === undefined ? '' : `\n  minReplicas: ${minReplicas}`;
  return `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}${min}\n  maxReplicas: ${maxReplicas}\n`;
}

function findings(ruleId: string, text: string, tier: number) {
  const file = parseText('/ws/api.yaml', text);
  const settings = resolveSettings(`# kubetier: tier=${tier}\n`, undefined, {});
  return lintFile(file, { settings, index: WorkspaceIndex.of([file]), rules: [RULES_BY_ID.get(ruleId)!] });
}

describe('autoscaled minimum', () => {
  it('replicas-minimum reports an HPA whose minimum (1 by default) is below the tier minimum, pointing at the HPA', () => {
    const [unset] = findings('replicas-minimum', `${DEPLOYMENT}---\n${hpa(undefined)}`, 2);
    assert.match(unset.message, /^HorizontalPodAutoscaler "api" may scale it down to 1 replica \(its default\)/);
    assert.match(unset.message, /Set minReplicas to 2\./);
    assert.equal(unset.related.length, 1);
    assert.equal(findings('replicas-minimum', `${DEPLOYMENT}---\n${hpa(2)}`, 2).length, 0, 'two is enough at tier 2');
    assert.match(findings('replicas-minimum', `${DEPLOYMENT}---\n${hpa(2)}`, 3)[0].message, /down to 2 replicas.*Set minReplicas to 3\./);
    assert.equal(findings('replicas-minimum', `${DEPLOYMENT}---\n${hpa(3)}`, 3).length, 0);
  });

  it('pdb-missing counts from the minimum and suggests a budget that still lets one pod drain', () => {
    const [atOne] = findings('pdb-missing', `${DEPLOYMENT}---\n${hpa(1, 2)}`, 2);
    assert.match(atOne.message, /^No PodDisruptionBudget selects its 1 to 2 pods/);
    assert.deepEqual(atOne.fix?.data.budget, { maxUnavailable: 1 }, 'minAvailable: 1 would block every drain at one pod');
    const [atTwo] = findings('pdb-missing', `${DEPLOYMENT}---\n${hpa(2, 2)}`, 2);
    assert.deepEqual(atTwo.fix?.data.budget, { minAvailable: 1 });
  });
});
