// Shared by the run-time schema code and scripts/build-schemas.mjs (which loads this file through esbuild),
// so bundled and workspace CRD schemas are made strict the same way. No imports: keep it standalone.

/** A JSON Schema (draft-07 with Kubernetes x- extensions), read defensively. */
export type JsonSchema = { [key: string]: unknown };

function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SCHEMA_VALUES = ['additionalProperties', 'items', 'not', 'if', 'then', 'else'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

/**
 * Adds `additionalProperties: false` to every schema that lists `properties`, sets no
 * additionalProperties and does not preserve unknown fields, as openapi2jsonschema --strict
 * does: this is what catches `replica:` or `contianers:`. Walks schema positions only, so a
 * field that happens to be called "properties" is not mistaken for a schema. Mutates in place.
 */
export function makeStrict(schema: unknown, constrainsParent = false): void {
  if (!isSchemaObject(schema)) return;
  // A branch of allOf/anyOf/oneOf (`{properties: {endpointSelector: {}}, required: [...]}`) constrains its
  // parent's fields; closing it would reject every field the branch does not repeat.
  if (!constrainsParent && isSchemaObject(schema.properties) && !('additionalProperties' in schema) && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    schema.additionalProperties = false;
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (isSchemaObject(map)) for (const child of Object.values(map)) makeStrict(child);
  }
  for (const key of SCHEMA_VALUES) {
    const value = schema[key];
    if (Array.isArray(value)) for (const item of value) makeStrict(item);
    else makeStrict(value);
  }
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) for (const branch of list) makeStrict(branch, true);
  }
}

export const OBJECT_META_DEFINITION = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * A custom resource's openAPIV3Schema as a document schema: the API server always accepts
 * apiVersion, kind and ObjectMeta metadata, whatever the CRD lists, and catalog CRDs only say
 * `metadata: {type: object}`. Mutates in place; the caller supplies ObjectMeta's definitions.
 */
export function asResourceSchema(schema: JsonSchema, title: string): JsonSchema {
  makeStrict(schema);
  const properties = isSchemaObject(schema.properties) ? schema.properties : (schema.properties = {});
  if (!isSchemaObject(properties.apiVersion)) properties.apiVersion = { type: 'string' };
  if (!isSchemaObject(properties.kind)) properties.kind = { type: 'string' };
  properties.metadata = { $ref: `#/definitions/${OBJECT_META_DEFINITION}` };
  schema.title = title;
  return schema;
}
