import { podReferences } from '../../engine/workspace/references';
import { defineRule, type Rule } from '../../engine/lint/rule';

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
    title: `Referenced ${kind}s exist in the workspace`,
    category: 'secrets',
    tiers: { 1: 'info' },
    rationale: `A pod that references a missing ${kind} does not start (CreateContainerConfigError or a volume mount that never succeeds); a typo in the name is found only at deploy time.`,
    remediation: `Fix the name, or add the ${kind} (or what produces it) to the same namespace.`,
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
