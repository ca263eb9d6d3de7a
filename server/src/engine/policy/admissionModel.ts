// ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1) read
// from manifests into what evaluation needs, each CEL expression compiled with the path it was written at.
import { asArray, asMap } from '../kube/objects';
import type { KubeObject, PlainMap } from '../yaml/model';
import type { NodePath, Severity } from '../types';
import { compileCel, type CelProgram } from './cel';

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
export const POLICY_KIND = 'ValidatingAdmissionPolicy';
export const BINDING_KIND = 'ValidatingAdmissionPolicyBinding';

/** A CEL expression of a policy: its program, or why it does not compile, and where it is written. */
export interface PolicyExpression {
  readonly name?: string;
  readonly program?: CelProgram;
  readonly error?: string;
  readonly path: NodePath;
}

export interface PolicyValidation {
  readonly expression: PolicyExpression;
  readonly message?: string;
  readonly messageExpression?: PolicyExpression;
  readonly reason?: string;
  /** `fieldPath`: where the finding goes in the object. */
  readonly fieldPath?: NodePath;
}

export interface ResourceRule {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly string[];
  readonly operations: readonly string[];
  readonly resourceNames: readonly string[];
  readonly scope: string;
}

export interface MatchResources {
  readonly namespaceSelector?: unknown;
  readonly objectSelector?: unknown;
  readonly resourceRules: readonly ResourceRule[];
  readonly excludeResourceRules: readonly ResourceRule[];
}

export interface AdmissionPolicy {
  readonly object: KubeObject;
  readonly name: string;
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly paramKind?: { apiVersion: string; kind: string };
  readonly paramKindPath: NodePath;
  readonly matchConstraints?: MatchResources;
  readonly matchConditions: readonly PolicyExpression[];
  readonly variables: readonly PolicyExpression[];
  readonly validations: readonly PolicyValidation[];
}

export interface ParamRef {
  readonly name?: string;
  readonly namespace?: string;
  readonly selector?: unknown;
  readonly notFound: 'Allow' | 'Deny';
}

export interface AdmissionBinding {
  readonly object: KubeObject;
  readonly name: string;
  readonly policyName: string;
  /** The severity of a violation: Deny an error, Warn a warning, Audit information (the most severe wins). */
  readonly severity: Severity;
  readonly actions: readonly string[];
  readonly matchResources?: MatchResources;
  readonly paramRef?: ParamRef;
}

const ACTION_SEVERITY: Record<string, Severity> = { Deny: 'error', Warn: 'warning', Audit: 'info' };
const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: unknown): string[] {
  return asArray(value).filter((entry): entry is string => typeof entry === 'string');
}

export function policyExpression(source: unknown, path: NodePath, name?: string): PolicyExpression {
  if (typeof source !== 'string' || source.trim() === '') return { name, path, error: 'expression is missing' };
  const compiled = compileCel(source);
  return 'program' in compiled ? { name, path, program: compiled.program } : { name, path, error: compiled.error };
}

function resourceRules(value: unknown): ResourceRule[] {
  return asArray(value).map((entry) => {
    const rule = asMap(entry) ?? {};
    return {
      apiGroups: strings(rule.apiGroups),
      apiVersions: strings(rule.apiVersions),
      resources: strings(rule.resources),
      operations: strings(rule.operations),
      resourceNames: strings(rule.resourceNames),
      scope: text(rule.scope) ?? '*',
    };
  });
}

function matchResources(value: unknown): MatchResources | undefined {
  const map = asMap(value);
  if (!map) return undefined;
  return {
    namespaceSelector: map.namespaceSelector,
    objectSelector: map.objectSelector,
    resourceRules: resourceRules(map.resourceRules),
    excludeResourceRules: resourceRules(map.excludeResourceRules),
  };
}

function namedExpressions(spec: PlainMap, key: string, at: NodePath): PolicyExpression[] {
  return asArray(spec[key]).map((entry, i) => {
    const map = asMap(entry) ?? {};
    return policyExpression(map.expression, [...at, key, i, 'expression'], text(map.name));
  });
}

/** `spec.replicas`, `.spec.containers[0].image`, `metadata.labels['app']` as a path. */
export function parseFieldPath(fieldPath: string): NodePath {
  const path: (string | number)[] = [];
  for (const [, name, index, key] of fieldPath.matchAll(/\.?([A-Za-z0-9_$-]+)|\[(\d+)\]|\[['"]([^'"]*)['"]\]/g)) {
    if (name !== undefined) path.push(name);
    else if (index !== undefined) path.push(Number(index));
    else path.push(key);
  }
  return path;
}

export function readPolicy(object: KubeObject): AdmissionPolicy {
  const spec = asMap(object.value.spec) ?? {};
  return {
    object,
    name: object.name ?? '',
    failurePolicy: spec.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
    matchConstraints: matchResources(spec.matchConstraints),
    matchConditions: namedExpressions(spec, 'matchConditions', ['spec']),
    ...readExpressions(spec, ['spec']),
  };
}

/**
 * paramKind, variables and validations of a VAP spec or of a Kyverno rule's `validate.cel` (same shape),
 * with the paths they are written at.
 */
export function readExpressions(spec: PlainMap, at: NodePath): Pick<AdmissionPolicy, 'paramKind' | 'paramKindPath' | 'variables' | 'validations'> {
  const paramKind = asMap(spec.paramKind);
  return {
    paramKind: paramKind && typeof paramKind.kind === 'string' ? { apiVersion: text(paramKind.apiVersion) ?? 'v1', kind: paramKind.kind } : undefined,
    paramKindPath: [...at, 'paramKind'],
    variables: namedExpressions(spec, 'variables', at),
    validations: asArray(spec.validations ?? spec.expressions).map((entry, i) => {
      const map = asMap(entry) ?? {};
      const base: NodePath = [...at, spec.validations === undefined ? 'expressions' : 'validations', i];
      const fieldPath = text(map.fieldPath);
      return {
        expression: policyExpression(map.expression, [...base, 'expression']),
        message: text(map.message),
        messageExpression: map.messageExpression === undefined ? undefined : policyExpression(map.messageExpression, [...base, 'messageExpression']),
        reason: text(map.reason),
        fieldPath: fieldPath ? parseFieldPath(fieldPath) : undefined,
      };
    }),
  };
}

export function readBinding(object: KubeObject): AdmissionBinding {
  const spec = asMap(object.value.spec) ?? {};
  const actions = strings(spec.validationActions);
  const severities = actions.map((action) => ACTION_SEVERITY[action]).filter((severity) => severity !== undefined);
  const paramRef = asMap(spec.paramRef);
  return {
    object,
    name: object.name ?? '',
    policyName: text(spec.policyName) ?? '',
    // The API server requires validationActions; without them kubetier assumes Deny, the strictest.
    severity: SEVERITY_ORDER.find((severity) => severities.includes(severity)) ?? 'error',
    actions,
    matchResources: matchResources(spec.matchResources),
    paramRef: paramRef
      ? { name: text(paramRef.name), namespace: text(paramRef.namespace), selector: paramRef.selector, notFound: paramRef.parameterNotFoundAction === 'Allow' ? 'Allow' : 'Deny' }
      : undefined,
  };
}

/** Every expression of a policy, for reporting those that do not compile. */
export function policyExpressions(policy: AdmissionPolicy): PolicyExpression[] {
  return [
    ...policy.matchConditions,
    ...policy.variables,
    ...policy.validations.flatMap((validation) => [validation.expression, ...(validation.messageExpression ? [validation.messageExpression] : [])]),
  ];
}
