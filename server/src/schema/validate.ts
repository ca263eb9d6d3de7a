import Ajv, { type ValidateFunction } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types';
import { describeObject } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import type { IndexQueries } from '../engine/workspace/queries';
import { findWorkspaceCrd } from './crd';
import { schemaProblems, type SchemaProblem } from './errors';
import { isPatch, PATCH_DIRECTIVE } from './patches';
import type { JsonSchema } from './strict';
import type { KindSchema, SchemaStore } from './store';

let workspaceSchemaCount = 0;

/**
 * CRD patterns are Go regular expressions: an inline `(?i)` becomes the i flag, and a pattern
 * JavaScript cannot read accepts everything rather than failing the whole schema.
 */
export const tolerantRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const source = pattern.replaceAll('(?i)', '');
    const extra = pattern.includes('(?i)') ? 'i' : '';
    // Unicode mode rejects escapes Go accepts (`\_`, `\ `); plain mode reads them as the character.
    for (const candidate of [`${flags}${extra}`, extra]) {
      try {
        return new RegExp(source, candidate);
      } catch {
        // try the next, more lenient mode
      }
    }
    return { test: () => true };
  },
  { code: 'tolerantRegExp' },
);

export interface ObjectValidation {
  schema: KindSchema;
  problems: SchemaProblem[];
}

/**
 * Validates Kubernetes objects one by one against the schema of their own apiVersion+kind.
 * Validators are compiled on first use of a kind and kept; ajv then costs microseconds per object.
 */
export class SchemaValidator {
  private readonly ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    // parentSchema lists the allowed fields, for "did you mean".
    verbose: true,
    // One function per referenced definition rather than a copy at each use (Container: containers, initContainers...).
    inlineRefs: false,
    // Unoptimized code compiles twice as fast (ApplicationSet: 1.1 s instead of 2.4 s) and still
    // validates in about a microsecond per object: compiling is what an editor waits for.
    code: { regExp: tolerantRegExp, optimize: false },
  });
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction | null>();
  private readonly workspaceSchemas = new WeakMap<JsonSchema, Map<string, KindSchema>>();

  constructor(readonly store: SchemaStore) {}

  /** A workspace CRD wins over a bundled schema: it is the definition the user actually applies. */
  schemaFor(apiVersion: string, kind: string, kubernetesVersion: string, index: IndexQueries): KindSchema | undefined {
    const crd = findWorkspaceCrd(index, apiVersion, kind);
    if (!crd) return this.store.kindSchema(kubernetesVersion, apiVersion, kind);
    const version = this.store.resolveVersion(kubernetesVersion);
    let byVersion = this.workspaceSchemas.get(crd.openApiSchema);
    if (!byVersion) this.workspaceSchemas.set(crd.openApiSchema, (byVersion = new Map()));
    let schema = byVersion.get(version);
    if (!schema) {
      const title = `${kind} (${apiVersion})`;
      schema = {
        // A new id per schema content: yaml-language-server caches schemas by id.
        id: `workspace-${++workspaceSchemaCount}/v${version}/${crd.gvk}`,
        origin: 'workspace-crd',
        describedAs: `${describeObject(crd.crd)} schema`,
        schema: this.store.customResourceSchema(version, crd.openApiSchema, title),
      };
      byVersion.set(version, schema);
    }
    return schema;
  }

  /** Null when the schema does not compile (a broken workspace CRD): such a kind gets no schema finding. */
  private validatorFor(schema: KindSchema): ValidateFunction | null {
    let validate = this.compiled.get(schema.schema);
    if (validate === undefined) {
      try {
        validate = this.ajv.compile(schema.schema);
      } catch {
        validate = null;
      }
      this.compiled.set(schema.schema, validate);
    }
    return validate;
  }

  /** Undefined when no schema is known for the kind (unknown CRDs, Gatekeeper constraints). */
  validate(object: KubeObject, kubernetesVersion: string, index: IndexQueries): ObjectValidation | undefined {
    const schema = this.schemaFor(object.apiVersion, object.kind, kubernetesVersion, index);
    if (!schema) return undefined;
    const validate = this.validatorFor(schema);
    if (!validate || validate(object.value)) return validate ? { schema, problems: [] } : undefined;
    const problems = schemaProblems(validate.errors ?? [], object.value).filter(
      (problem) => !(problem.at === 'key' && PATCH_DIRECTIVE.test(String(problem.path[problem.path.length - 1]))),
    );
    // A patch only holds what it changes: missing fields are its target's.
    const partial = problems.some((problem) => problem.missing) && isPatch(object, index);
    return { schema, problems: partial ? problems.filter((problem) => !problem.missing) : problems };
  }
}
