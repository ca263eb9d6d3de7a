import Ajv, { type ValidateFunction } from 'ajv';
import { describeObject } from '../engine/kube';
import type { KubeObject } from '../engine/model';
import type { WorkspaceIndex } from '../engine/workspace';
import { findWorkspaceCrd } from './crd';
import { schemaProblems, type SchemaProblem } from './errors';
import type { JsonSchema } from './strict';
import type { KindSchema, SchemaStore } from './store';

let workspaceSchemaCount = 0;

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
    // Compile each referenced definition once instead of inlining PodSpec into every kind.
    inlineRefs: false,
  });
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction>();
  private readonly workspaceSchemas = new WeakMap<JsonSchema, Map<string, KindSchema>>();

  constructor(readonly store: SchemaStore) {}

  /** A workspace CRD wins over a bundled schema: it is the definition the user actually applies. */
  schemaFor(apiVersion: string, kind: string, kubernetesVersion: string, index: WorkspaceIndex): KindSchema | undefined {
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

  private validatorFor(schema: KindSchema): ValidateFunction {
    let validate = this.compiled.get(schema.schema);
    if (!validate) {
      validate = this.ajv.compile(schema.schema);
      this.compiled.set(schema.schema, validate);
    }
    return validate;
  }

  /** Undefined when no schema is known for the kind (unknown CRDs, Gatekeeper constraints). */
  validate(object: KubeObject, kubernetesVersion: string, index: WorkspaceIndex): ObjectValidation | undefined {
    const schema = this.schemaFor(object.apiVersion, object.kind, kubernetesVersion, index);
    if (!schema) return undefined;
    const validate = this.validatorFor(schema);
    if (validate(object.value)) return { schema, problems: [] };
    return { schema, problems: schemaProblems(validate.errors ?? [], object.value) };
  }
}
