// Kyverno ClusterPolicy / Policy validate rules, offline: `match`/`exclude` on kinds, names, namespaces
// and selectors; `pattern`/`anyPattern` (kyvernoPattern.ts) and `cel` (through the admission evaluator);
// pod rules also run on pod controllers' templates, as Kyverno's auto-generated rules do. Everything
// else a rule may use is listed as not evaluated, so a policy is never taken to pass unseen.
import { asArray, asMap, getPath, podTemplatePath, selectorMatches, stringMap } from '../kube/objects';
import type { KubeObject, PlainMap } from '../yaml/model';
import type { NodePath, Severity } from '../types';
import { readExpressions, type AdmissionBinding, type AdmissionPolicy } from './admissionModel';
import { matchPattern, wildcardMatches, type PatternResult } from './kyvernoPattern';
import type { AdmissionTarget } from './matching';

export const KYVERNO_GROUP = 'kyverno.io';
export const KYVERNO_KINDS = ['ClusterPolicy', 'Policy'];
const AUTOGEN_ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers';
const AUTOGEN_DEFAULT = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'CronJob'];
/** Parts of a rule kubetier does not evaluate; a rule using one is skipped and the policy says so. */
const UNSUPPORTED_VALIDATE = ['deny', 'foreach', 'podSecurity', 'manifests', 'assert'];
// verifyImages is left out like mutate and generate: it checks signatures in a registry, which no offline
// tool can, and the tier-3 checklist requires such a rule, so listing it would be a finding nobody can fix.
const UNSUPPORTED_RULE = ['preconditions', 'context'];
const UNSUPPORTED_FILTER = ['subjects', 'roles', 'clusterRoles'];

interface ResourceFilter {
  readonly kinds: readonly string[];
  readonly names: readonly string[];
  readonly namespaces: readonly string[];
  readonly operations: readonly string[];
  readonly selector?: unknown;
  readonly namespaceSelector?: unknown;
  readonly annotations: Record<string, string>;
}

interface Filters {
  readonly any: readonly ResourceFilter[];
  readonly all: readonly ResourceFilter[];
}

export interface KyvernoRule {
  readonly name: string;
  readonly path: NodePath;
  readonly match: Filters;
  readonly exclude?: Filters;
  readonly severity: Severity;
  readonly action: string;
  readonly message?: string;
  readonly patterns?: { readonly any: boolean; readonly list: readonly unknown[]; readonly path: NodePath };
  readonly cel?: { readonly policy: AdmissionPolicy; readonly binding: AdmissionBinding };
}

export interface KyvernoPolicy {
  readonly object: KubeObject;
  readonly name: string;
  /** A namespaced Policy applies only in its own namespace. */
  readonly namespace?: string;
  readonly rules: readonly KyvernoRule[];
  /** `rule "x" (validate.deny)` for each part not evaluated. */
  readonly notEvaluated: readonly string[];
  readonly autogenKinds: readonly string[];
}

function strings(value: unknown): string[] {
  return asArray(value).filter((entry): entry is string => typeof entry === 'string');
}

function readFilter(value: unknown, unsupported: (part: string) => void): ResourceFilter | undefined {
  const map = asMap(value);
  if (!map) return undefined;
  for (const part of UNSUPPORTED_FILTER) if (map[part] !== undefined) unsupported(part);
  const resources = asMap(map.resources) ?? {};
  return {
    kinds: strings(resources.kinds),
    names: [...strings(resources.names), ...(typeof resources.name === 'string' ? [resources.name] : [])],
    namespaces: strings(resources.namespaces),
    operations: strings(resources.operations),
    selector: resources.selector,
    namespaceSelector: resources.namespaceSelector,
    annotations: stringMap(resources.annotations),
  };
}

function readFilters(value: unknown, unsupported: (part: string) => void): Filters | undefined {
  const map = asMap(value);
  if (!map) return undefined;
  const list = (entries: unknown) => asArray(entries).flatMap((entry) => readFilter(entry, unsupported) ?? []);
  const legacy = map.resources !== undefined ? readFilter(map, unsupported) : undefined;
  return { any: list(map.any), all: [...list(map.all), ...(legacy ? [legacy] : [])] };
}

function severityOf(action: string): Severity {
  return action.toLowerCase() === 'enforce' ? 'error' : 'warning';
}

function readRule(entry: unknown, i: number, spec: PlainMap, policyName: string, object: KubeObject, notEvaluated: string[]): KyvernoRule | undefined {
  const rule = asMap(entry) ?? {};
  const name = typeof rule.name === 'string' ? rule.name : `rule ${i + 1}`;
  const validate = asMap(rule.validate);
  const path: NodePath = ['spec', 'rules', i];
  const parts: string[] = [];
  if (validate) for (const part of UNSUPPORTED_VALIDATE) if (validate[part] !== undefined) parts.push(`validate.${part}`);
  for (const part of UNSUPPORTED_RULE) if (rule[part] !== undefined) parts.push(part);
  const unsupported = (part: string) => parts.push(`match/exclude ${part}`);
  const match = readFilters(rule.match, unsupported);
  const exclude = readFilters(rule.exclude, unsupported);
  if (JSON.stringify([validate?.pattern, validate?.anyPattern, validate?.message]).includes('{{')) parts.push('JMESPath variables {{ }}');
  if (parts.length > 0) notEvaluated.push(`rule "${name}" (${[...new Set(parts)].join(', ')})`);
  if (!validate || parts.length > 0 || !match) return undefined;
  const action = String(validate.failureAction ?? spec.validationFailureAction ?? 'Audit');
  const severity = severityOf(action);
  const base = { name, path, match, exclude, severity, action, message: typeof validate.message === 'string' ? validate.message : undefined };
  if (validate.pattern !== undefined) return { ...base, patterns: { any: false, list: [validate.pattern], path: [...path, 'validate', 'pattern'] } };
  if (validate.anyPattern !== undefined) return { ...base, patterns: { any: true, list: asArray(validate.anyPattern), path: [...path, 'validate', 'anyPattern'] } };
  const cel = asMap(validate.cel);
  if (cel) {
    const celPath: NodePath = [...path, 'validate', 'cel'];
    const policy: AdmissionPolicy = { object, name: policyName, failurePolicy: spec.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail', matchConditions: [], ...readExpressions(cel, celPath) };
    const paramRef = asMap(cel.paramRef);
    const binding: AdmissionBinding = {
      object,
      name,
      policyName,
      severity,
      actions: [action],
      paramRef: paramRef ? { name: paramRef.name as string | undefined, namespace: paramRef.namespace as string | undefined, selector: paramRef.selector, notFound: paramRef.parameterNotFoundAction === 'Allow' ? 'Allow' : 'Deny' } : undefined,
    };
    return { ...base, cel: { policy, binding } };
  }
  notEvaluated.push(`rule "${name}" (a validate form kubetier does not know)`);
  return undefined;
}

export function readKyvernoPolicy(object: KubeObject): KyvernoPolicy {
  const spec = asMap(object.value.spec) ?? {};
  const name = object.name ?? '';
  const notEvaluated: string[] = [];
  const rules = asArray(spec.rules).flatMap((entry, i) => readRule(entry, i, spec, name, object, notEvaluated) ?? []);
  const autogen = stringMap(getPath(object.value, ['metadata', 'annotations']))[AUTOGEN_ANNOTATION];
  const autogenKinds = autogen === undefined ? AUTOGEN_DEFAULT : autogen === 'none' ? [] : autogen.split(',').map((kind) => kind.trim());
  return { object, name, namespace: object.kind === 'Policy' ? (object.namespace ?? 'default') : undefined, rules, notEvaluated, autogenKinds };
}

/** `Pod`, `v1/Pod`, `apps/v1/Deployment`, `*`; a subresource (`Pod/exec`) never matches an object. */
function kindMatches(pattern: string, target: AdmissionTarget): boolean {
  const parts = pattern.split('/');
  const kind = parts[parts.length - 1];
  if (/^[a-z]/.test(kind) && kind !== '*') return false;
  if (!wildcardMatches(kind, target.kind)) return false;
  if (parts.length === 3) return wildcardMatches(parts[0], target.group) && wildcardMatches(parts[1], target.version);
  if (parts.length === 2) return wildcardMatches(parts[0], target.version) || wildcardMatches(parts[0], target.group);
  return true;
}

function filterMatches(filter: ResourceFilter, target: AdmissionTarget, annotations: Record<string, string>): boolean {
  if (filter.kinds.length > 0 && !filter.kinds.some((kind) => kindMatches(kind, target))) return false;
  if (filter.names.length > 0 && !filter.names.some((name) => wildcardMatches(name, target.name ?? ''))) return false;
  if (filter.namespaces.length > 0 && !filter.namespaces.some((namespace) => target.namespace !== undefined && wildcardMatches(namespace, target.namespace))) return false;
  if (filter.operations.length > 0 && !filter.operations.includes('CREATE')) return false;
  if (filter.selector !== undefined && !selectorMatches(filter.selector, target.labels)) return false;
  if (filter.namespaceSelector !== undefined && (target.namespace === undefined || !selectorMatches(filter.namespaceSelector, target.namespaceLabels))) return false;
  return Object.entries(filter.annotations).every(([key, value]) => annotations[key] !== undefined && wildcardMatches(value, annotations[key]));
}

function filtersMatch(filters: Filters, target: AdmissionTarget, annotations: Record<string, string>): boolean {
  if (filters.any.length === 0 && filters.all.length === 0) return false;
  return (filters.any.length === 0 || filters.any.some((filter) => filterMatches(filter, target, annotations))) && filters.all.every((filter) => filterMatches(filter, target, annotations));
}

/** How a rule sees an object: as itself, or (a pod rule on a pod controller) as the pod of its template. */
export interface RuleSubject {
  readonly value: unknown;
  /** Where the subject sits in the object. */
  readonly base: NodePath;
}

/** The pod a controller's template makes; its Namespace's labels stay a lazy (tracked) read, as the target's are. */
function podTarget(target: AdmissionTarget, template: PlainMap): AdmissionTarget {
  const labels = stringMap(getPath(template, ['metadata', 'labels']));
  return {
    group: '',
    version: 'v1',
    kind: 'Pod',
    resource: 'pods',
    name: target.name,
    namespace: target.namespace,
    labels,
    get namespaceLabels() {
      return target.namespaceLabels;
    },
  };
}

/** The subject a rule of `policy` checks in `object`, or undefined when the rule does not apply to it. */
export function ruleSubject(policy: KyvernoPolicy, rule: KyvernoRule, object: KubeObject, target: AdmissionTarget): RuleSubject | undefined {
  if (policy.namespace !== undefined && target.namespace !== policy.namespace) return undefined;
  const annotations = stringMap(getPath(object.value, ['metadata', 'annotations']));
  const applies = (candidate: AdmissionTarget) => filtersMatch(rule.match, candidate, annotations) && !(rule.exclude && filtersMatch(rule.exclude, candidate, annotations));
  if (applies(target)) return { value: object.value, base: [] };
  const templatePath = podTemplatePath(object);
  const template = templatePath && templatePath.length > 0 ? asMap(getPath(object.value, templatePath)) : undefined;
  if (!template || !policy.autogenKinds.includes(object.kind)) return undefined;
  if (!applies(podTarget(target, template))) return undefined;
  return { value: { apiVersion: 'v1', kind: 'Pod', metadata: template.metadata ?? {}, spec: template.spec ?? {} }, base: templatePath! };
}

/** The outcome of a pattern rule on a subject: pass, or the first failure (anyPattern: of the last pattern). */
export function checkPatterns(rule: KyvernoRule, subject: RuleSubject): PatternResult {
  let last: PatternResult = { status: 'pass' };
  for (const pattern of rule.patterns?.list ?? []) {
    last = matchPattern(pattern, subject.value);
    if (last.status === 'pass' || last.status === 'skip') return { status: 'pass' };
    if (!rule.patterns?.any || last.status === 'unsupported') return last;
  }
  return last;
}

/** Whether some rule of the policy names a kind `target` has (or Pod, for a pod controller): what incremental lint asks. */
export function policyMentions(policy: KyvernoPolicy, target: AdmissionTarget): boolean {
  const pod = podTarget(target, {});
  const autogen = policy.autogenKinds.includes(target.kind);
  return policy.rules.some((rule) =>
    [...rule.match.any, ...rule.match.all].some(
      (filter) => filter.kinds.length === 0 || filter.kinds.some((kind) => kindMatches(kind, target) || (autogen && kindMatches(kind, pod))),
    ),
  );
}
