import { isScalar } from 'yaml';
import { findNode } from '../../engine/yaml/locate';
import type { KubeObject } from '../../engine/yaml/model';
import type { IndexQueries } from '../../engine/workspace/queries';
import type { SchemaProblem } from '../../schema/errors';
import { bundledSchemas } from '../../schema/store';
import { SchemaValidator } from '../../schema/validate';

let validator: SchemaValidator | null | undefined;

/** One validator per process: compiled kinds are reused by every file and every lint run. */
export function sharedSchemaValidator(): SchemaValidator | undefined {
  if (validator === undefined) {
    const store = bundledSchemas();
    validator = store ? new SchemaValidator(store) : null;
  }
  return validator ?? undefined;
}

/** The source text of a plain (unquoted) scalar at a path of the object, if that is what is there. */
function plainScalarText(object: KubeObject, path: readonly (string | number)[]): string | undefined {
  const { node } = findNode(object.document, [...object.basePath, ...path]);
  return isScalar(node) && node.type === 'PLAIN' && node.range ? object.file.text.slice(node.range[0], node.range[1]) : undefined;
}

/** For an unquoted number or boolean where the schema wants text: quoting keeps what was typed ("0755", "on"). */
export function quoteHint(object: KubeObject, problem: SchemaProblem): string | undefined {
  if (problem.at !== 'value' || !problem.expects?.includes('string')) return undefined;
  const text = plainScalarText(object, problem.path);
  return text === undefined ? undefined : `Quote it ("${text}") to keep the text as written.`;
}

/**
 * Paths (as JSON) of the object's values that the schema wants as text but YAML reads as something
 * else: schema-validation reports those, with the advice to quote them.
 */
export function textExpectedAt(object: KubeObject, kubernetesVersion: string, index: IndexQueries): Set<string> {
  const result = sharedSchemaValidator()?.validate(object, kubernetesVersion, index);
  const problems = result?.problems.filter((problem) => problem.at === 'value' && problem.expects?.includes('string')) ?? [];
  return new Set(problems.map((problem) => JSON.stringify(problem.path)));
}
