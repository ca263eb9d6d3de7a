// The workspace side of policy evaluation: the policies and bindings the index holds (read once per
// index change), an object as the API server would see it, its Namespace, and a binding's params.
// Each check declares only the policies that can concern its object, so editing a policy re-lints
// the objects it matches and no others.
import { selectorMatches, stringMap } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import type { IndexQueries } from '../../engine/workspace/queries';
import { isNamespaced } from '../../engine/workspace/scope';
import { ANY_NAMESPACE } from '../../engine/workspace/namespaces';
import {
  ADMISSION_GROUP,
  BINDING_KIND,
  POLICY_KIND,
  readBinding,
  readPolicy,
  type AdmissionBinding,
  type AdmissionPolicy,
} from '../../engine/policy/admissionModel';
import { mayConcern, type AdmissionEnvironment } from '../../engine/policy/admission';
import { resourceOf, type AdmissionTarget } from '../../engine/policy/matching';

export interface BoundPolicy {
  readonly policy: AdmissionPolicy;
  readonly binding: AdmissionBinding;
}

export interface AdmissionPolicySet {
  readonly policies: ReadonlyMap<string, AdmissionPolicy>;
  readonly bound: readonly BoundPolicy[];
}

function readPolicySet(index: IndexQueries): AdmissionPolicySet {
  const policies = new Map(index.ofKind(POLICY_KIND, ADMISSION_GROUP).map((object) => [object.name ?? '', readPolicy(object)]));
  const bound = index
    .ofKind(BINDING_KIND, ADMISSION_GROUP)
    .map(readBinding)
    .flatMap((binding) => {
      const policy = policies.get(binding.policyName);
      return policy ? [{ policy, binding }] : [];
    });
  return { policies, bound };
}

/** The workspace's admission policies, read once per index change and not counted as a read of the caller. */
export function admissionPolicies(index: IndexQueries): AdmissionPolicySet {
  return index.untracked(() => index.derive('policy:admission', () => readPolicySet(index)));
}

/**
 * Declares what a check of `target` read: a policy or binding that can concern it, before or after a
 * change. A binding whose policy is unknown may concern anything.
 */
export function dependOnPolicies(index: IndexQueries, set: AdmissionPolicySet, target: AdmissionTarget): void {
  index.dependsOn([POLICY_KIND, BINDING_KIND], (changed) => {
    if (changed.group !== ADMISSION_GROUP) return false;
    if (changed.kind === POLICY_KIND) return mayConcern(readPolicy(changed), undefined, target);
    const binding = readBinding(changed);
    const policy = set.policies.get(binding.policyName);
    return !policy || mayConcern(policy, binding, target);
  });
}

/** The namespace the object is created in: its own, its Kustomize build's, or `default`; none when cluster-scoped. */
function effectiveNamespace(index: IndexQueries, object: KubeObject): string | undefined {
  if (!isNamespaced(object)) return undefined;
  return index.namespacesOf(object).find((namespace) => namespace !== ANY_NAMESPACE) ?? object.namespace ?? 'default';
}

/** The Namespace as written in the workspace, or as the API server creates it (only its name label). */
function namespaceValue(index: IndexQueries, namespace: string): Record<string, unknown> {
  const written = index.named('Namespace', namespace, '')[0];
  return written?.value ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } } };
}

function labelsOf(value: unknown): Record<string, string> {
  const metadata = (value as { metadata?: { labels?: unknown } } | undefined)?.metadata;
  return stringMap(metadata?.labels);
}

export function admissionTarget(index: IndexQueries, object: KubeObject): AdmissionTarget {
  const namespace = effectiveNamespace(index, object);
  const version = object.apiVersion.includes('/') ? object.apiVersion.slice(object.apiVersion.indexOf('/') + 1) : object.apiVersion;
  const labels = labelsOf(object.value);
  // The getter keeps no reference to the object: checks reused across edits hold their targets in
  // their dependencies, and an object would keep its whole file version alive.
  const isNamespace = object.kind === 'Namespace' && object.group === '';
  let namespaceLabels: Record<string, string> | undefined;
  return {
    group: object.group,
    version,
    kind: object.kind,
    resource: resourceOf(object.kind),
    name: object.name,
    namespace,
    labels,
    // Read only when a policy with a namespaceSelector gets that far: the lookup is a tracked read.
    get namespaceLabels() {
      namespaceLabels ??= namespaceLabelsOf(index, isNamespace, namespace, labels);
      return namespaceLabels;
    },
  };
}

function namespaceLabelsOf(index: IndexQueries, isNamespace: boolean, namespace: string | undefined, labels: Record<string, string>): Record<string, string> {
  if (isNamespace) return labels;
  if (namespace === undefined) return {};
  // The API server labels every Namespace with its name.
  return { ...labelsOf(namespaceValue(index, namespace)), 'kubernetes.io/metadata.name': namespace };
}

function paramGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

export function admissionEnvironment(index: IndexQueries): AdmissionEnvironment {
  return {
    namespaceObject: (namespace) => namespaceValue(index, namespace),
    params(policy, binding, namespace) {
      const kind = policy.paramKind;
      const ref = binding.paramRef;
      if (!kind || !ref) return undefined;
      const group = paramGroup(kind.apiVersion);
      const candidates = ref.name !== undefined ? index.named(kind.kind, ref.name, group) : index.ofKind(kind.kind, group);
      const wanted = ref.namespace ?? namespace;
      return candidates.filter(
        (param) =>
          (!isNamespaced(param) || wanted === undefined || (param.namespace ?? 'default') === wanted) &&
          (ref.name !== undefined || ref.selector === undefined || selectorMatches(ref.selector, labelsOf(param.value))),
      );
    },
  };
}
