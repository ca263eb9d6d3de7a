import type { KubeObject } from '../yaml/model';

/** API groups without a dot that the API server serves (everything else without a dot is a tool's config). */
const BUILTIN_DOTLESS_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'extensions']);

/** Tools' own config files that look like objects but are never sent to a cluster. */
const CONFIG_ONLY_GROUPS = new Set([
  'kustomize.config.k8s.io',
  'config.kubernetes.io',
  'kpt.dev',
  'kind.x-k8s.io',
  'skaffold',
  // API server configuration files (audit policy, encryption config) and Backstage catalog entities.
  'audit.k8s.io',
  'apiserver.config.k8s.io',
  'scaffolder.backstage.io',
  'backstage.io',
]);

/** Built-in cluster-scoped kinds, plus well-known CRDs (custom kinds named Cluster* are covered by the prefix). */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'GatewayClass',
  'CustomResourceDefinition',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'PodSecurityPolicy',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'ComponentStatus',
  'IPAddress',
  'ServiceCIDR',
  'DeviceClass',
  'ConstraintTemplate',
  'NodePool',
  'NodeClass',
  'EC2NodeClass',
  'Provisioner',
  'VolumeSnapshotClass',
  'VolumeSnapshotContent',
  'AKSNodeClass',
  'TracingPolicy',
  'Composition',
  'CompositeResourceDefinition',
]);

/** Whether the object is meant for the API server (not a kustomization, kpt or skaffold file). */
export function isClusterObject(object: KubeObject): boolean {
  if (CONFIG_ONLY_GROUPS.has(object.group)) return false;
  if (object.group === '') return object.apiVersion === 'v1';
  return object.group.includes('.') || BUILTIN_DOTLESS_GROUPS.has(object.group);
}

/** Namespaced API objects; cluster-scoped kinds and tool config are not. */
export function isNamespaced(object: KubeObject): boolean {
  if (!isClusterObject(object)) return false;
  if (CLUSTER_SCOPED_KINDS.has(object.kind)) return false;
  // ClusterRole, ClusterIssuer, ClusterPolicy...; a kind named just `Cluster` (CloudNativePG, Cluster API) is namespaced.
  if (/^Cluster[A-Z]/.test(object.kind)) return false;
  return true;
}

/** API groups the API server serves itself; anything else is a custom resource handled by some controller. */
export function isCustomResource(object: KubeObject): boolean {
  if (!isClusterObject(object)) return false;
  if (BUILTIN_DOTLESS_GROUPS.has(object.group)) return false;
  return !/(^|\.)k8s\.io$/.test(object.group);
}

/** Namespaces created by Kubernetes itself: never declared in manifests and not the project's to configure. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
