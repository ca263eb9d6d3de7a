// Which objects a policy applies to, as the API server decides for a CREATE request: resource rules
// (group, version, plural resource, operation, scope, names), exclusions, namespace and object selectors.
import { selectorMatches } from '../kube/objects';
import type { MatchResources, ResourceRule } from './admissionModel';
import { cachedIn } from './memo';

/** What matching needs to know about an object, computed once per object. */
export interface AdmissionTarget {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name (`deployments`). */
  readonly resource: string;
  readonly name?: string;
  /** The effective namespace; undefined for cluster-scoped objects. */
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  /** Labels of its Namespace (a Namespace's own labels). */
  readonly namespaceLabels: Record<string, string>;
}

/** What resource rules without names see of a target: the same for every object of a kind and scope. */
function kindKey(target: AdmissionTarget): string {
  return cachedIn(kindKeys, target, () => `${target.group}/${target.version}/${target.resource}/${target.namespace === undefined ? 'cluster' : 'namespaced'}`);
}

const kindKeys = new WeakMap<AdmissionTarget, string>();

/** Kinds whose resource is not the lower-case kind plus `s`. */
const IRREGULAR_RESOURCES: Record<string, string> = { Endpoints: 'endpoints', PodSecurityPolicy: 'podsecuritypolicies' };

/** The plural resource of a kind, as the API server names it (`NetworkPolicy` -> `networkpolicies`). */
export function resourceOf(kind: string): string {
  const irregular = IRREGULAR_RESOURCES[kind];
  if (irregular) return irregular;
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

function listed(values: readonly string[], value: string): boolean {
  return values.includes('*') || values.includes(value);
}

/** kubetier evaluates every object as a CREATE of the object itself (no subresource). */
export function ruleMatches(rule: ResourceRule, target: AdmissionTarget): boolean {
  if (!listed(rule.apiGroups, target.group) || !listed(rule.apiVersions, target.version)) return false;
  if (!listed(rule.operations, 'CREATE')) return false;
  if (!rule.resources.some((resource) => resource === '*' || resource === '*/*' || resource === target.resource)) return false;
  if (rule.resourceNames.length > 0 && (target.name === undefined || !rule.resourceNames.includes(target.name))) return false;
  if (rule.scope === 'Cluster' && target.namespace !== undefined) return false;
  if (rule.scope === 'Namespaced' && target.namespace === undefined) return false;
  return true;
}

/** Answers by kind, for rules that name no resource: the same for every object of a kind (most rules). */
const byKind = new WeakMap<MatchResources, Map<string, boolean>>();

function namesResources(match: MatchResources): boolean {
  return [...match.resourceRules, ...match.excludeResourceRules].some((rule) => rule.resourceNames.length > 0);
}

/** Resource rules alone: what incremental lint asks to know whether a changed policy can concern an object. */
export function resourcesMatch(match: MatchResources | undefined, target: AdmissionTarget): boolean {
  if (!match) return true;
  if (namesResources(match)) return rulesMatch(match, target);
  const answers = cachedIn(byKind, match, () => new Map<string, boolean>());
  return cachedIn(answers, kindKey(target), () => rulesMatch(match, target));
}

function rulesMatch(match: MatchResources, target: AdmissionTarget): boolean {
  if (match.resourceRules.length > 0 && !match.resourceRules.some((rule) => ruleMatches(rule, target))) return false;
  return !match.excludeResourceRules.some((rule) => ruleMatches(rule, target));
}

/**
 * Selector answers per label set, by the selector's text: policies repeat the same selectors (all but
 * kube-system, environment=prod), each asked again for every object.
 */
const selected = new WeakMap<Record<string, string>, Map<string, boolean>>();
const selectorTexts = new WeakMap<object, string>();

function selectorText(selector: object): string {
  return cachedIn(selectorTexts, selector, () => JSON.stringify(selector));
}

/** An absent selector selects everything; namespaceSelector does not apply to cluster-scoped objects other than Namespaces. */
function selects(selector: unknown, labels: Record<string, string>): boolean {
  if (selector === undefined || selector === null) return true;
  if (typeof selector !== 'object') return false;
  const answers = cachedIn(selected, labels, () => new Map<string, boolean>());
  return cachedIn(answers, selectorText(selector), () => selectorMatches(selector, labels));
}

export function matchesResources(match: MatchResources | undefined, target: AdmissionTarget): boolean {
  if (!match) return true;
  if (!resourcesMatch(match, target)) return false;
  const namespaceScoped = target.namespace !== undefined || target.kind === 'Namespace';
  if (namespaceScoped && !selects(match.namespaceSelector, target.namespaceLabels)) return false;
  return selects(match.objectSelector, target.labels);
}
