// CEL for policies: one Kubernetes-flavoured environment, programs compiled once per expression,
// and an estimated cost checked before each evaluation so no policy can hang the server.
import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { registerKubernetesLibrary } from './celLibrary';
import { registerNetworkLibrary } from './celNetwork';
import { registerQuantityLibrary } from './celQuantity';
import { astSize, comprehensionDepth, useLinearRegex } from './celAst';
import { largestCollection, toCel } from './celValues';

/**
 * The API server's per-expression runtime cost limit (k8s.io/apiserver celconfig.PerCallLimit). Ours is an
 * estimate made before evaluating: expression size times the largest list or map it could iterate, raised
 * to the depth of nested macros (`all`, `exists`, `map`, `filter`).
 */
export const CEL_COST_LIMIT = 1_000_000;

/** The variables an admission expression sees; missing ones are absent, not null. */
export type CelActivation = Record<string, unknown>;

export interface CelProgram {
  readonly expression: string;
  /** Nodes of the parsed expression: the factor of the cost estimate that does not depend on the input. */
  readonly size: number;
  readonly depth: number;
  run(activation: CelActivation): unknown;
}

export type CelCompiled = { program: CelProgram } | { error: string };

export type CelResult = { value: unknown } | { error: string; costExceeded?: boolean };

let environment: Environment | undefined;

/** The environment: the CEL standard library with optionals, and Kubernetes' libraries. */
function celEnvironment(): Environment {
  if (!environment) {
    const env = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });
    registerKubernetesLibrary(env);
    registerNetworkLibrary(env);
    registerQuantityLibrary(env);
    environment = env;
  }
  return environment;
}

const compiled = new Map<string, CelCompiled>();
/** Policies come and go as files are edited: the cache is dropped whole when it grows past this. */
const MAX_CACHED_PROGRAMS = 10_000;

/** The program of an expression, or its parse or type error; cached per expression text. */
export function compileCel(expression: string): CelCompiled {
  let entry = compiled.get(expression);
  if (!entry) {
    entry = compile(expression);
    if (compiled.size >= MAX_CACHED_PROGRAMS) compiled.clear();
    compiled.set(expression, entry);
  }
  return entry;
}

function compile(expression: string): CelCompiled {
  const env = celEnvironment();
  try {
    const parsed = env.parse(expression);
    const ast = parsed.ast as ASTNode;
    useLinearRegex(ast);
    const checked = parsed.check();
    if (!checked.valid) return { error: firstLine(checked.error?.message ?? 'type error') };
    return { program: { expression, size: astSize(ast), depth: comprehensionDepth(ast), run: (activation) => parsed(activation) } };
  } catch (error) {
    return { error: firstLine(error instanceof Error ? error.message : String(error)) };
  }
}

/**
 * Variables converted for CEL once, to run any number of programs on: `variables` (admission
 * variables, evaluated on first read) is passed through as is.
 */
export interface PreparedActivation {
  readonly values: CelActivation;
  /** The most entries of any list or map among the inputs; computed on first need. */
  largest?: number;
}

export function prepareActivation(variables: CelActivation): PreparedActivation {
  const values: CelActivation = {};
  for (const [name, value] of Object.entries(variables)) values[name] = name === 'variables' ? value : toCel(value);
  return { values };
}

/** The estimated cost of running `program` on these variables (see CEL_COST_LIMIT). */
export function estimatedCost(program: CelProgram, activation: PreparedActivation): number {
  if (program.depth === 0) return program.size;
  // `variables` are computed on first read from the others, which bound them.
  activation.largest ??= Object.entries(activation.values).reduce((most, [name, value]) => (name === 'variables' ? most : Math.max(most, largestCollection(value))), 0);
  return program.size * (activation.largest + 1) ** program.depth;
}

/** Runs a program; errors and an exceeded cost are results, never thrown. */
export function runCel(program: CelProgram, activation: PreparedActivation): CelResult {
  const cost = estimatedCost(program, activation);
  if (cost > CEL_COST_LIMIT) {
    return { error: `estimated cost ${Math.round(cost)} exceeds the per-expression limit of ${CEL_COST_LIMIT}, so it was not evaluated`, costExceeded: true };
  }
  try {
    return { value: program.run(activation.values) };
  } catch (error) {
    return { error: firstLine(error instanceof Error ? error.message : String(error)) };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
