import type { JsonSchema } from './strict';

const asSchema = (value: unknown): JsonSchema | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined);

/** Follows `#/definitions/...` references of a root schema (the bundled schemas keep their definitions beside the root). */
function resolved(root: JsonSchema, schema: JsonSchema | undefined, depth = 0): JsonSchema | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string' || depth > 20) return schema;
  const name = /^#\/definitions\/(.+)$/.exec(ref)?.[1];
  return name ? resolved(root, asSchema(asSchema(root.definitions)?.[name]), depth + 1) : undefined;
}

/**
 * The fields the schema requires in the map at `path` (keys from the object's root; a list's items are
 * passed through), for ranking completions: what the API server rejects without comes first.
 */
export function requiredFieldsAt(root: JsonSchema, path: readonly string[]): string[] {
  let schema = resolved(root, root);
  for (const key of path) {
    const property = resolved(root, asSchema(asSchema(schema?.properties)?.[key]));
    // A key naming a list: the map being typed is one of its items.
    schema = property?.type === 'array' || property?.items ? resolved(root, asSchema(property.items)) : property;
    if (!schema) return [];
  }
  return Array.isArray(schema?.required) ? schema.required.filter((field): field is string => typeof field === 'string') : [];
}
