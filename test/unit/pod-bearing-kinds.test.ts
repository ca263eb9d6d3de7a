// OpenShift DeploymentConfig and Argo Rollout carry a pod template as a Deployment does: the same
// careless pod must get the same pod findings under each of the three kinds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintProject } from '../../server/src/engine/workspace/project';
import { RULES } from '../../server/src/rules';
import type { Tier } from '../../server/src/engine/types';

const POD_TEMPLATE = `  template:
    metadata:
      labels: {app: shop}
    spec:
      hostNetwork: true
      containers:
        - name: shop
          image: shop:latest
          env:
            - {name: MODE, value: a}
            - {name: MODE, value: b}
          ports:
            - {name: http-for-the-shop-api, containerPort: 70000}
          securityContext:
            privileged: true
            procMount: Unmasked
          livenessProbe:
            httpGet: {path: /healthz, port: metrics}
`;

const HEADERS: Record<string, string> = {
  Deployment: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop, namespace: shop}\nspec:\n  selector:\n    matchLabels: {app: shop}\n',
  Rollout: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: shop, namespace: shop}\nspec:\n  selector:\n    matchLabels: {app: shop}\n  strategy:\n    canary: {steps: [{setWeight: 50}]}\n',
  // A DeploymentConfig's selector is a plain label map, as a ReplicationController's.
  DeploymentConfig: 'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata: {name: shop, namespace: shop}\nspec:\n  selector: {app: shop, tier: web}\n',
};

/** Rules about the kind itself rather than its pods. */
const KIND_RULES = new Set(['schema-validation', 'deprecated-api', 'rollout-without-analysis', 'unknown-kind']);

function podFindings(kind: string, tier: Tier): string[] {
  const [report] = lintProject([{ path: `/virtual/${kind}.yaml`, text: HEADERS[kind] + POD_TEMPLATE }], { rules: RULES, host: {}, cliTier: tier });
  return [...new Set(report.findings.filter((finding) => !KIND_RULES.has(finding.ruleId)).map((finding) => finding.ruleId))].sort();
}

describe('pod-bearing kinds', () => {
  for (const tier of [1, 3, 5] as Tier[]) {
    it(`DeploymentConfig and Rollout get the pod findings a Deployment gets at tier ${tier}`, () => {
      const deployment = podFindings('Deployment', tier);
      assert.ok(deployment.includes('privileged') && deployment.includes('host-namespaces'), `the Deployment is flagged: ${deployment.join(', ')}`);
      assert.deepEqual(podFindings('Rollout', tier), deployment);
      // The DeploymentConfig selector asks for a label the template lacks: the API server rejects it as it would a Deployment's.
      assert.deepEqual(podFindings('DeploymentConfig', tier), [...deployment, 'selector-mismatch'].sort());
    });
  }

  it('a DeploymentConfig of another group is not a workload', () => {
    const text = HEADERS.DeploymentConfig.replace('apps.openshift.io/v1', 'example.com/v1') + POD_TEMPLATE;
    const [report] = lintProject([{ path: '/virtual/other.yaml', text }], { rules: RULES, host: {}, cliTier: 2 });
    assert.deepEqual(report.findings.filter((finding) => finding.ruleId === 'privileged'), []);
  });
});
