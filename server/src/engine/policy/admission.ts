// Evaluates ValidatingAdmissionPolicies on one object, offline: the object arrives as a CREATE by a
// placeholder user, params and the namespace come from the workspace, and every outcome the API server
// could give (denied, warned, audited, evaluation error under failurePolicy) becomes a violation.
import type { KubeObject } from '../yaml/model';
import type { NodePath, Severity } from '../types';
import { prepareActivation, runCel, type PreparedActivation } from './cel';
import { toCel } from './celValues';
import { cachedIn } from './memo';
import { fromCel } from './celValues';
import { ADMISSION_GROUP, type AdmissionBinding, type AdmissionPolicy, type PolicyExpression, type PolicyValidation } from './admissionModel';
import { matchesResources, resourcesMatch, type AdmissionTarget } from './matching';

/** The user every request is made as: kubetier has no cluster, so no real identity (README: Policies). */
export const PLACEHOLDER_USER = { username: 'kubetier:offline-user', uid: '', groups: ['system:authenticated'] };

export interface AdmissionViolation {
  readonly policy: AdmissionPolicy;
  readonly binding: AdmissionBinding;
  readonly severity: Severity;
  readonly message: string;
  /** Where in the object: the validation's fieldPath, else the object itself. */
  readonly path: NodePath;
  /** The expression in the policy that gave it. */
  readonly expressionPath: NodePath;
}

/** What evaluation asks the workspace. */
export interface AdmissionEnvironment {
  /** The Namespace object (as written, or the one the API server would create), for `namespaceObject`. */
  namespaceObject(namespace: string): unknown;
  /** The params of a binding for an object; `undefined` when the binding names none. */
  params(policy: AdmissionPolicy, binding: AdmissionBinding, namespace: string | undefined): KubeObject[] | undefined;
}

export function request(object: KubeObject, target: AdmissionTarget): Record<string, unknown> {
  return {
    uid: 'kubetier-offline',
    kind: { group: target.group, version: target.version, kind: target.kind },
    resource: { group: target.group, version: target.version, resource: target.resource },
    requestKind: { group: target.group, version: target.version, kind: target.kind },
    requestResource: { group: target.group, version: target.version, resource: target.resource },
    name: object.name ?? '',
    namespace: target.namespace ?? '',
    operation: 'CREATE',
    userInfo: PLACEHOLDER_USER,
    dryRun: false,
    options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
  };
}

/** Whether a policy and its binding can concern an object of this kind (resource rules only). */
export function mayConcern(policy: AdmissionPolicy, binding: AdmissionBinding | undefined, target: AdmissionTarget): boolean {
  // The API server never runs admission policies on admission configuration itself (IsExemptAdmissionConfigurationResource).
  if (target.group === ADMISSION_GROUP) return false;
  const constraints = policy.matchConstraints;
  if (!constraints || constraints.resourceRules.length === 0 || !resourcesMatch(constraints, target)) return false;
  return !binding?.matchResources || binding.matchResources.resourceRules.length === 0 || resourcesMatch(binding.matchResources, target);
}

function concerns(policy: AdmissionPolicy, binding: AdmissionBinding, target: AdmissionTarget): boolean {
  if (!mayConcern(policy, binding, target) || !matchesResources(policy.matchConstraints, target)) return false;
  const extra = binding.matchResources;
  if (!extra) return true;
  return matchesResources(extra.resourceRules.length === 0 ? { ...extra, resourceRules: policy.matchConstraints!.resourceRules } : extra, target);
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

function run(expression: PolicyExpression, activation: PreparedActivation): Outcome {
  if (!expression.program) return { ok: false, error: `expression does not compile: ${expression.error}` };
  const result = runCel(expression.program, activation);
  return 'error' in result ? { ok: false, error: result.error } : { ok: true, value: result.value };
}

/** `variables.<name>`, each evaluated when first read, as the API server does (a variable nobody reads cannot fail). */
function lazyVariables(policy: AdmissionPolicy, activation: PreparedActivation): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const variable of policy.variables) {
    if (!variable.name) continue;
    let outcome: Outcome | undefined;
    Object.defineProperty(variables, variable.name, {
      enumerable: true,
      get: () => {
        outcome ??= run(variable, activation);
        if (!outcome.ok) throw new Error(`variable "${variable.name}": ${outcome.error}`);
        return outcome.value;
      },
    });
  }
  return variables;
}

export interface AdmissionInput {
  readonly object: KubeObject;
  readonly target: AdmissionTarget;
  readonly policy: AdmissionPolicy;
  readonly binding: AdmissionBinding;
  /** What `object` is in the expressions, when not the object itself (Kyverno's pod policies on a pod template). */
  readonly objectValue?: unknown;
}

/** `variables` of a policy that declares none. */
const NO_VARIABLES: Record<string, unknown> = Object.freeze({});

/**
 * The variables every policy on an object sees, converted once per object and check (`target` is new
 * per check). The same activation object is reused for every policy: the CEL library evaluates several
 * times faster on a context object it has seen than on a fresh copy.
 */
const bases = new WeakMap<object, { target: AdmissionTarget; activation: PreparedActivation }>();

function baseActivation(input: AdmissionInput, environment: AdmissionEnvironment): PreparedActivation {
  const objectValue = (input.objectValue ?? input.object.value) as object;
  const cached = bases.get(objectValue);
  if (cached?.target === input.target) return cached.activation;
  const { target } = input;
  const activation = prepareActivation({
    object: objectValue,
    oldObject: null,
    request: request(input.object, target),
    namespaceObject: target.namespace === undefined ? null : environment.namespaceObject(target.namespace),
    authorizer: null,
    params: null,
    variables: NO_VARIABLES,
  });
  bases.set(objectValue, { target, activation });
  return activation;
}

const NONE: readonly AdmissionViolation[] = Object.freeze([]);

/** The violations of one policy through one binding on one object (none when it does not match). */
export function evaluateBinding(input: AdmissionInput, environment: AdmissionEnvironment): readonly AdmissionViolation[] {
  return concerns(input.policy, input.binding, input.target) ? evaluateMatched(input, environment) : NONE;
}

/** The violations of a policy on an object it applies to: params, match conditions, variables, validations. */
export function evaluateMatched(input: AdmissionInput, environment: AdmissionEnvironment): readonly AdmissionViolation[] {
  const { policy, binding } = input;
  const shared = baseActivation(input, environment);
  if (!policy.paramKind) return evaluateWith(policy, binding, shared);
  const params = environment.params(policy, binding, input.target.namespace);
  if (!params || params.length === 0) {
    if (binding.paramRef?.notFound === 'Allow') return NONE;
    return [violation(policy, binding, `no ${policy.paramKind.kind} params found for the binding (parameterNotFoundAction: Deny)`, policy.paramKindPath)];
  }
  return params.flatMap((param) => evaluateWith(policy, binding, { values: { ...shared.values, params: toCel(param.value) } }));
}

function violation(policy: AdmissionPolicy, binding: AdmissionBinding, message: string, expressionPath: NodePath, path: NodePath = [], severity = binding.severity): AdmissionViolation {
  return { policy, binding, severity, message, path, expressionPath };
}

function evaluateWith(policy: AdmissionPolicy, binding: AdmissionBinding, activation: PreparedActivation): readonly AdmissionViolation[] {
  activation.values.variables = policy.variables.length > 0 ? lazyVariables(policy, activation) : NO_VARIABLES;
  try {
    return evaluateActivation(policy, binding, activation);
  } finally {
    activation.values.variables = NO_VARIABLES;
  }
}

function evaluationFailed(policy: AdmissionPolicy, binding: AdmissionBinding, error: string, path: NodePath): AdmissionViolation {
  return policy.failurePolicy === 'Ignore'
    ? violation(policy, binding, `evaluation error ignored (failurePolicy: Ignore), so the API server admits the object: ${error}`, path, [], 'info')
    : violation(policy, binding, `evaluation error (failurePolicy: Fail): ${error}`, path);
}

function evaluateActivation(policy: AdmissionPolicy, binding: AdmissionBinding, activation: PreparedActivation): readonly AdmissionViolation[] {
  for (const condition of policy.matchConditions) {
    const outcome = run(condition, activation);
    if (!outcome.ok) return [evaluationFailed(policy, binding, `matchCondition "${condition.name ?? ''}": ${outcome.error}`, condition.path)];
    if (outcome.value !== true) return NONE;
  }
  let out: AdmissionViolation[] | undefined;
  for (const validation of policy.validations) {
    const outcome = run(validation.expression, activation);
    if (outcome.ok && outcome.value === true) continue;
    const found = outcome.ok
      ? violation(policy, binding, validationMessage(validation, activation), validation.expression.path, violationPath(validation))
      : evaluationFailed(policy, binding, outcome.error, validation.expression.path);
    (out ??= []).push(found);
  }
  return out ?? NONE;
}

const OBJECT_FIELD = /\bobject((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/;

/**
 * Where a failed validation points: its fieldPath, else the first `object.a.b` its expression reads
 * (locate() stops at the deepest part that exists, so a trailing method name does no harm).
 */
function violationPath(validation: PolicyValidation): NodePath {
  if (validation.fieldPath) return validation.fieldPath;
  return cachedIn(referencedPaths, validation, () => {
    const match = OBJECT_FIELD.exec(validation.expression.program?.expression ?? '');
    return match ? match[1].slice(1).split('.') : [];
  });
}

const referencedPaths = new WeakMap<PolicyValidation, NodePath>();

/** messageExpression when it gives a non-empty string, else message, else the API server's default. */
function validationMessage(validation: PolicyValidation, activation: PreparedActivation): string {
  const reason = validation.reason ? ` (reason: ${validation.reason})` : '';
  if (validation.messageExpression) {
    const outcome = run(validation.messageExpression, activation);
    const text = outcome.ok ? fromCel(outcome.value) : undefined;
    if (typeof text === 'string' && text.trim() !== '') return `${text}${reason}`;
  }
  return `${validation.message ?? `failed expression: ${validation.expression.program?.expression ?? ''}`}${reason}`;
}
