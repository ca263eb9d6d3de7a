import { asMap } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import { podReferences, type ObjectReference } from '../../engine/workspace/references';
import { defineRule, type Rule } from '../../engine/lint/rule';

/** Where a Secret or ConfigMap keeps its keys. */
const KEY_FIELDS = { Secret: ['data', 'stringData'], ConfigMap: ['data', 'binaryData'] } as const;

/**
 * The referenced keys none of the producers holds; none when a producer is not a plain Secret or
 * ConfigMap (SealedSecret, ExternalSecret, a Helm template): their keys are not known here.
 */
function missingKeys(kind: 'Secret' | 'ConfigMap', keys: ObjectReference['keys'], producers: readonly KubeObject[]): ObjectReference['keys'] {
  if (keys.length === 0) return [];
  const held = new Set<string>();
  for (const producer of producers) {
    if (producer.kind !== kind || producer.group !== '' || producer.file.isHelmTemplate) return [];
    for (const field of KEY_FIELDS[kind]) {
      const map = producer.value[field];
      if (map !== undefined && map !== null && !asMap(map)) return [];
      for (const key of Object.keys(asMap(map) ?? {})) held.add(key);
    }
  }
  return keys.filter((entry) => !held.has(entry.key));
}

/**
 * secret-ref-missing and configmap-ref-missing: the same check for two kinds
 * (one definition, so the rules cannot drift apart).
 */
export function refMissingRule(kind: 'Secret' | 'ConfigMap'): Rule {
  const producers =
    kind === 'Secret'
      ? 'Secret, SealedSecret, ExternalSecret (target name, else its own name), cert-manager Certificate (secretName) or Crossplane connection secret'
      : 'ConfigMap';
  const generator = kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator';
  return defineRule({
    id: kind === 'Secret' ? 'secret-ref-missing' : 'configmap-ref-missing',
    title: `Referenced ${kind}s and their keys exist in the workspace`,
    category: 'secrets',
    tiers: { 1: 'info' },
    severityNote: `A key the ${kind} in the workspace does not hold is a warning: that ${kind} is known, so the pod certainly fails.`,
    rationale: `A pod that references a missing ${kind}, or a key the ${kind} lacks, does not start (CreateContainerConfigError or a volume mount that never succeeds); a typo in the name is found only at deploy time.`,
    remediation: `Fix the name or key, or add the ${kind} (or what produces it, or the key) to the same namespace.`,
    workspace: {
      silencedBy: `references marked optional; no ${kind} producer in the whole index; a Kustomize ${generator} of that name; a Helm template whose templated name could render to it${kind === 'ConfigMap' ? '; kube-root-ca.crt and istio-ca-root-cert (created in every namespace)' : ''}; a Kustomize build with a remote base, Helm chart or unused Component; a custom resource whose name is part of the ${kind}'s name (operators such as CloudNativePG or Strimzi create them); a Role in the namespace (or a ClusterRole naming ${kind === 'Secret' ? 'secrets' : 'configmaps'}) granting create, as a workload then makes them at run time (Argo CD's redis-secret-init)`,
    },
    appliesTo: 'pod-bearing',
    skipPatches: true,
    check({ object, index, report }) {
      const seen = new Set<string>();
      for (const reference of podReferences(object)) {
        if (reference.kind !== kind || reference.optional) continue;
        const resolution = index.resolveProduced(kind, reference.name, object);
        if (resolution.status === 'found') {
          for (const missing of missingKeys(kind, reference.keys, resolution.objects)) {
            report({
              path: missing.path,
              severity: 'warning',
              message: `${kind} "${reference.name}" has no key "${missing.key}": ${missing.path.includes('items') ? 'the volume cannot be mounted' : 'the container fails with CreateContainerConfigError'}`,
              advice: `Fix the key, add it to the ${kind}, or mark the reference optional: true.`,
              related: resolution.objects.map((produced) => ({ object: produced, path: ['metadata', 'name'], message: `${kind} "${reference.name}" is declared here` })),
            });
          }
        }
        if (resolution.status !== 'missing') continue;
        const repeat = seen.has(reference.name);
        seen.add(reference.name);
        report({
          path: reference.path,
          message: `${kind} "${reference.name}" is referenced${repeat ? ' again' : ''} but no ${producers} in the workspace produces it in this namespace: the pod will not start`,
          advice: `Fix the name or add the ${kind}.`,
        });
      }
    },
  });
}
