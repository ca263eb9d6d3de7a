// Deprecated and removed API versions: which Kubernetes release deprecated and stopped serving
// each (group/version, kind), what replaces it, and whether the replacement takes the same fields.
import type { KubeObject } from '../yaml/model';
import { asMap, getPath } from './objects';

export interface Replacement {
  apiVersion: string;
  /** A different kind (Provisioner -> NodePool); same kind when absent. */
  kind?: string;
  /** First Kubernetes version that serves the replacement. */
  since: string;
}

export interface Deprecation {
  apiVersion: string;
  /** Kinds this entry covers; every kind of the apiVersion when absent. */
  kinds?: readonly string[];
  deprecatedIn: string;
  /** First Kubernetes version that no longer serves it; undefined while still served. */
  removedIn?: string;
  /** Preferred first; the fix takes the first one the target version serves. */
  replacements: readonly Replacement[];
  /** The replacement takes the manifest unchanged, so replacing apiVersion is a complete fix. */
  sameShape: boolean;
  /** Why replacing apiVersion alone would change what this object means, when it would. */
  fixBlockedBy?: (object: KubeObject) => string | undefined;
  /** For operator APIs: how the Kubernetes versions were derived, for the message. */
  note?: string;
}

const APPS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'];
const RBAC = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];
const FLOW_V1 = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', since: '1.29' };
const FLOW_V1BETA3 = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', since: '1.26' };
const KARPENTER_NOTE =
  'Karpenter 0.33 stopped serving it and only Karpenter 0.34 or later supports Kubernetes 1.29, so no Karpenter that serves it runs on 1.29 or later';

/** policy/v1 reads an empty PDB selector as "every pod in the namespace"; policy/v1beta1 as "none". */
function emptyPdbSelector(object: KubeObject): string | undefined {
  const selector = asMap(getPath(object.value, ['spec', 'selector']));
  return selector && Object.keys(selector).length === 0 ? 'its empty selector selects no pod in policy/v1beta1 but every pod of the namespace in policy/v1' : undefined;
}

export const DEPRECATIONS: readonly Deprecation[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], deprecatedIn: '1.9', removedIn: '1.16', replacements: [{ apiVersion: 'apps/v1', since: '1.9' }], sameShape: false },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], deprecatedIn: '1.9', removedIn: '1.16', replacements: [{ apiVersion: 'networking.k8s.io/v1', since: '1.7' }], sameShape: true },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.11', removedIn: '1.16', replacements: [], sameShape: false },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.14', removedIn: '1.22', replacements: [{ apiVersion: 'networking.k8s.io/v1', since: '1.19' }], sameShape: false },
  { apiVersion: 'apps/v1beta1', kinds: APPS, deprecatedIn: '1.9', removedIn: '1.16', replacements: [{ apiVersion: 'apps/v1', since: '1.9' }], sameShape: false },
  { apiVersion: 'apps/v1beta2', kinds: APPS, deprecatedIn: '1.9', removedIn: '1.16', replacements: [{ apiVersion: 'apps/v1', since: '1.9' }], sameShape: false },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.19', removedIn: '1.22', replacements: [{ apiVersion: 'networking.k8s.io/v1', since: '1.19' }], sameShape: false },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['IngressClass'], deprecatedIn: '1.19', removedIn: '1.22', replacements: [{ apiVersion: 'networking.k8s.io/v1', since: '1.19' }], sameShape: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: RBAC, deprecatedIn: '1.17', removedIn: '1.22', replacements: [{ apiVersion: 'rbac.authorization.k8s.io/v1', since: '1.8' }], sameShape: true },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], deprecatedIn: '1.14', removedIn: '1.22', replacements: [{ apiVersion: 'scheduling.k8s.io/v1', since: '1.14' }], sameShape: true },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.25', replacements: [{ apiVersion: 'batch/v1', since: '1.21' }], sameShape: true },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: '1.21', removedIn: '1.25', replacements: [{ apiVersion: 'policy/v1', since: '1.21' }], sameShape: true, fixBlockedBy: emptyPdbSelector },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.21', removedIn: '1.25', replacements: [], sameShape: false },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], deprecatedIn: '1.20', removedIn: '1.25', replacements: [{ apiVersion: 'node.k8s.io/v1', since: '1.20' }], sameShape: true },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.22', removedIn: '1.25', replacements: [{ apiVersion: 'autoscaling/v2', since: '1.23' }], sameShape: false },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.23', removedIn: '1.26', replacements: [{ apiVersion: 'autoscaling/v2', since: '1.23' }], sameShape: true },
  // assuredConcurrencyShares became nominalConcurrencyShares in v1beta3, and v1 changed how an explicit 0 reads.
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema'], deprecatedIn: '1.23', removedIn: '1.26', replacements: [FLOW_V1, FLOW_V1BETA3], sameShape: true },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['PriorityLevelConfiguration'], deprecatedIn: '1.23', removedIn: '1.26', replacements: [FLOW_V1, FLOW_V1BETA3], sameShape: false },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema'], deprecatedIn: '1.26', removedIn: '1.29', replacements: [FLOW_V1, FLOW_V1BETA3], sameShape: true },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['PriorityLevelConfiguration'], deprecatedIn: '1.26', removedIn: '1.29', replacements: [FLOW_V1, FLOW_V1BETA3], sameShape: false },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema'], deprecatedIn: '1.29', removedIn: '1.32', replacements: [FLOW_V1], sameShape: true },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['PriorityLevelConfiguration'], deprecatedIn: '1.29', removedIn: '1.32', replacements: [FLOW_V1], sameShape: false },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], deprecatedIn: '1.24', removedIn: '1.27', replacements: [{ apiVersion: 'storage.k8s.io/v1', since: '1.24' }], sameShape: true },
  // Operator APIs follow the operator's releases; the Kubernetes versions are derived from its support matrix.
  { apiVersion: 'karpenter.sh/v1alpha5', kinds: ['Provisioner'], deprecatedIn: '1.0', removedIn: '1.29', replacements: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', since: '1.25' }], sameShape: false, note: KARPENTER_NOTE },
  { apiVersion: 'karpenter.sh/v1alpha5', kinds: ['Machine'], deprecatedIn: '1.0', removedIn: '1.29', replacements: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', since: '1.25' }], sameShape: false, note: KARPENTER_NOTE },
  { apiVersion: 'karpenter.k8s.aws/v1alpha1', kinds: ['AWSNodeTemplate'], deprecatedIn: '1.0', removedIn: '1.29', replacements: [{ apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', since: '1.25' }], sameShape: false, note: KARPENTER_NOTE },
  {
    apiVersion: 'external-secrets.io/v1beta1',
    deprecatedIn: '1.0',
    replacements: [{ apiVersion: 'external-secrets.io/v1', since: '1.0' }],
    sameShape: true,
    note: 'External Secrets Operator 0.16 deprecated it and 0.17 stopped serving it, whatever the Kubernetes version',
  },
];

/** 1.31 -> 31; NaN for anything else. */
export function minorVersion(version: string): number {
  const match = /^1\.(\d+)$/.exec(version);
  return match ? Number(match[1]) : NaN;
}

export function atLeast(version: string, than: string): boolean {
  return minorVersion(version) >= minorVersion(than);
}

export function deprecationOf(object: KubeObject): Deprecation | undefined {
  return DEPRECATIONS.find((entry) => entry.apiVersion === object.apiVersion && (!entry.kinds || entry.kinds.includes(object.kind)));
}
