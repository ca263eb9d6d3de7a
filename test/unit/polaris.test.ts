// Agreement with a peer: Polaris's own per-check fixtures (../shared/corpus/polaris). For every
// Polaris check that overlaps a kubetier rule, each failure file must make the rule fire and each
// success file must leave it silent, at tier 2, linted as the CLI lints one file. Where the two
// tools mean different things, the file is listed in DIFFERENCES with the reason; the test fails
// when a listed difference disappears too, so the list stays true.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintProject } from '../../server/src/engine/workspace/project';
import { RULES, RULES_BY_ID } from '../../server/src/rules';
import { SHARED } from '../support/fixtures';

const POLARIS = path.join(SHARED, 'corpus/polaris');

/** Polaris check id -> the kubetier rules that cover it. */
export const OVERLAP: Readonly<Record<string, readonly string[]>> = {
  runAsPrivileged: ['privileged'],
  runAsRootAllowed: ['run-as-non-root'],
  privilegeEscalationAllowed: ['privilege-escalation'],
  notReadOnlyRootFilesystem: ['read-only-root-fs'],
  dangerousCapabilities: ['dangerous-capabilities'],
  insecureCapabilities: ['capabilities-drop-all'],
  hostIPCSet: ['host-namespaces'],
  hostNetworkSet: ['host-namespaces'],
  hostPIDSet: ['host-namespaces'],
  hostPathSet: ['host-path'],
  hostPortSet: ['host-port'],
  cpuRequestsMissing: ['resource-requests'],
  memoryRequestsMissing: ['resource-requests'],
  cpuLimitsMissing: ['resource-limits'],
  memoryLimitsMissing: ['resource-limits'],
  tagNotSpecified: ['image-tag-latest'],
  livenessProbeMissing: ['liveness-probe'],
  readinessProbeMissing: ['readiness-probe'],
  deploymentMissingReplicas: ['replicas-minimum'],
  missingPodDisruptionBudget: ['pdb-missing'],
  pdbDisruptionsIsZero: ['pdb-blocks-eviction'],
  topologySpreadConstraint: ['topology-spread'],
  sensitiveConfigmapContent: ['secret-in-configmap'],
  sensitiveContainerEnvVar: ['env-literal-secret'],
  tlsSettingsMissing: ['ingress-tls'],
  clusterrolebindingClusterAdmin: ['cluster-admin-binding'],
  rolebindingClusterAdminClusterRole: ['cluster-admin-binding'],
  procMount: ['proc-mount'],
  automountServiceAccountToken: ['automount-service-account-token'],
  hpaMinAvailability: ['hpa-min-replicas'],
  // Full wildcards are rbac-wildcard's finding, not rbac-sensitive-access's.
  clusterrolePodExecAttach: ['rbac-sensitive-access', 'rbac-wildcard'],
  rolePodExecAttach: ['rbac-sensitive-access', 'rbac-wildcard'],
};

/** `<check>/<file>` -> why kubetier deliberately answers differently from Polaris. */
const WRONG_GROUP = 'apiVersion v1 serves no such kind: the API server rejects the object, and kubetier reports that (schema-validation, with a fix to the serving apiVersion) instead of linting it as that kind';
const SINGLE_POD_PDB = 'spec.replicas is unset (one pod): a budget for one pod either blocks every drain or protects nothing, so pdb-missing asks only multi-pod workloads for one and replicas-minimum asks for replicas first';

const DROP_EACH_DEFAULT = 'the container drops the runtime\'s default capabilities one by one instead of ALL: Pod Security "restricted" (and capabilities-drop-all) asks for ALL, which also covers capabilities a newer runtime adds to its defaults';

const SINGLE_POD_SPREAD =
  'spec.replicas is unset (one pod): there is nothing to spread, so topology-spread waits for replicas > 1 (replicas-minimum fires first)';
const EXEMPT_BINDING_NAME =
  'Polaris exempts bindings by name (a `system:` prefix, GKE\'s calico binding); kubetier judges what a binding grants, and this one grants every verb on every resource to a user, whatever its name';

const CREATE_PODS =
  'the role grants create on pods: rbac-sensitive-access reports it with exec and attach (CIS 5.1.4, kube-linter access-to-create-pods), as a new pod can mount any Secret or service account of the namespace';
const EXEMPT_ROLE_NAME =
  'Polaris exempts roles by name (a `system:` prefix, GKE\'s calico role); this one grants every verb on every resource, which rbac-wildcard reports whatever the name';

export const DIFFERENCES: Readonly<Record<string, string>> = {
  'clusterrolePodExecAttach/success.allow_unrelated_perms.yaml': CREATE_PODS,
  'rolePodExecAttach/success.allow_unrelated_perms.yaml': CREATE_PODS,
  'clusterrolePodExecAttach/success.gce_calico_clusterrole.yaml': EXEMPT_ROLE_NAME,
  'clusterrolePodExecAttach/success.system_prefix.yaml': EXEMPT_ROLE_NAME,
  'rolePodExecAttach/success.gce_calico_binding.yaml': EXEMPT_ROLE_NAME,
  'rolePodExecAttach/success.system_prefix_binding.yaml': EXEMPT_ROLE_NAME,
  'hpaMinAvailability/success.minReplicaAbsent.yaml': 'minReplicas is unset, which the API server defaults to 1: the autoscaler scales down to one pod, so hpa-min-replicas reports it as it reports minReplicas: 1',
  'clusterrolebindingClusterAdmin/success.gce_calico_binding.yaml': EXEMPT_BINDING_NAME,
  'clusterrolebindingClusterAdmin/success.system_prefix_binding.yaml': EXEMPT_BINDING_NAME,
  'rolebindingClusterAdminClusterRole/success.gce_calico_binding.yaml': EXEMPT_BINDING_NAME,
  'rolebindingClusterAdminClusterRole/success.system_prefix_binding.yaml': EXEMPT_BINDING_NAME,
  'runAsRootAllowed/failure.yaml': WRONG_GROUP,
  'insecureCapabilities/success.yaml': DROP_EACH_DEFAULT,
  'insecureCapabilities/success.case.yaml': DROP_EACH_DEFAULT,
  'insecureCapabilities/success.pod.yaml': DROP_EACH_DEFAULT,
  'deploymentMissingReplicas/failure.yaml': WRONG_GROUP,
  'pdbDisruptionsIsZero/failure.either.yaml': WRONG_GROUP,
  'pdbDisruptionsIsZero/failure.max.yaml': WRONG_GROUP,
  'pdbDisruptionsIsZero/failure.min.yaml': WRONG_GROUP,
  'missingPodDisruptionBudget/failure-bad-ns.yaml': SINGLE_POD_PDB,
  'missingPodDisruptionBudget/failure.bad-name.yaml': SINGLE_POD_PDB,
  'missingPodDisruptionBudget/failure.empty-labels.yaml': SINGLE_POD_PDB,
  'missingPodDisruptionBudget/failure.no-labels.yaml': SINGLE_POD_PDB,
  'missingPodDisruptionBudget/failure.no-metadata.yaml': SINGLE_POD_PDB,
  'missingPodDisruptionBudget/failure.wrong-place.yaml': SINGLE_POD_PDB,
  'missingPodDisruptionBudget/failure.yaml': SINGLE_POD_PDB,
  'topologySpreadConstraint/failure.empty.yaml': SINGLE_POD_SPREAD,
  'topologySpreadConstraint/failure.nospreadconstraint.yaml': SINGLE_POD_SPREAD,
  'memoryRequestsMissing/success.yaml': 'the memory request is set, but resource-requests covers cpu and memory in one rule and the cpu request is missing',
  'memoryLimitsMissing/success.yaml': 'the memory limit is set, but resource-limits also reports the missing cpu limit (as info)',
  'livenessProbeMissing/failure.yaml': 'a bare Pod: the catalog asks probes of long-running workloads only (Deployment, StatefulSet, DaemonSet, ReplicaSet, Rollout), as nothing recreates a bare Pod anyway',
  'readinessProbeMissing/failure.yaml': 'a bare Pod: the catalog asks probes of long-running workloads only (Deployment, StatefulSet, DaemonSet, ReplicaSet, Rollout), as nothing recreates a bare Pod anyway',
};

interface Outcome {
  check: string;
  file: string;
  expected: 'fire' | 'silent';
  fired: boolean;
}

function outcomes(check: string, rules: readonly string[]): Outcome[] {
  const dir = path.join(POLARIS, check);
  return fs
    .readdirSync(dir)
    .filter((name) => /^(failure|success).*\.ya?ml$/.test(name))
    .sort()
    .map((file) => {
      const [report] = lintProject([{ path: path.join(dir, file) }], { rules: RULES, host: {}, cliTier: 2 });
      return {
        check,
        file,
        expected: file.startsWith('failure') ? 'fire' : 'silent',
        fired: report.findings.some((finding) => rules.includes(finding.ruleId)),
      };
    });
}

describe('agreement with the Polaris check fixtures', () => {
  it('every overlapping rule exists and every mapped check has fixtures', () => {
    const missing = [...new Set(Object.values(OVERLAP).flat())].filter((id) => !RULES_BY_ID.has(id));
    assert.deepEqual(missing, [], 'rules named in OVERLAP');
    const absent = Object.keys(OVERLAP).filter((check) => !fs.existsSync(path.join(POLARIS, check)));
    assert.deepEqual(absent, [], 'Polaris fixture folders');
  });

  it('fires on every failure file and stays silent on every success file, apart from the listed differences', (t) => {
    const all = Object.entries(OVERLAP).flatMap(([check, rules]) => outcomes(check, rules));
    const disagreements = all.filter((outcome) => outcome.fired !== (outcome.expected === 'fire')).map((outcome) => `${outcome.check}/${outcome.file}`);
    const agreed = all.length - disagreements.length;
    t.diagnostic(`Polaris agreement: ${agreed}/${all.length} files over ${Object.keys(OVERLAP).length} overlapping checks`);
    assert.deepEqual(disagreements.sort(), Object.keys(DIFFERENCES).sort());
  });
});
