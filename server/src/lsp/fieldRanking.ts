// Field completions in the order people write manifests: the fields the schema requires there first,
// then those nearly every object sets (`resources` before `resizePolicy`, `containers` before
// `dnsConfig`), then the rest alphabetically.
import { CompletionItemKind, type CompletionList } from 'vscode-languageserver-types';

/** Fields by how often they are written, most common first (kube-score's and the docs' examples). */
const COMMON_FIELDS = [
  'apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData',
  'name', 'namespace', 'labels', 'annotations',
  'replicas', 'selector', 'template', 'strategy', 'type', 'ports',
  'containers', 'initContainers', 'volumes', 'serviceAccountName', 'securityContext', 'affinity', 'nodeSelector', 'tolerations',
  'topologySpreadConstraints', 'terminationGracePeriodSeconds', 'priorityClassName',
  'image', 'imagePullPolicy', 'command', 'args', 'env', 'envFrom', 'resources', 'volumeMounts',
  'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle',
  'containerPort', 'port', 'targetPort', 'protocol', 'requests', 'limits', 'cpu', 'memory',
  'rules', 'tls', 'ingressClassName', 'host', 'http', 'paths', 'path', 'pathType', 'backend',
  'minAvailable', 'maxUnavailable', 'minReplicas', 'maxReplicas', 'scaleTargetRef', 'metrics',
  'podSelector', 'policyTypes', 'ingress', 'egress',
];
const RANK = new Map(COMMON_FIELDS.map((field, i) => [field, i]));

/**
 * Re-sorts the schema's field items: `required` fields first, then common fields in COMMON_FIELDS order;
 * values keep their order, and kubetier's own items (sortText `0...`) stay ahead of everything.
 */
export function rankFields(list: CompletionList, required: ReadonlySet<string> = new Set()): CompletionList {
  const items = list.items.map((item) => {
    if ((item.kind !== CompletionItemKind.Property && item.kind !== CompletionItemKind.Module) || item.sortText?.startsWith('0')) return item;
    const rank = RANK.get(item.label);
    const sortText = required.has(item.label) ? `1${item.label}` : rank === undefined ? `3${item.label}` : `2${String(rank).padStart(3, '0')}`;
    return { ...item, sortText };
  });
  return { ...list, items };
}
