// Schema completion and hover as the server uses them, and the kubetier.schema.enable switch.
import type { CompletionList, Position } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import { sharedSchemaValidator } from '../rules/support/schemaTypes';
import { requiredFieldsAt as requiredInSchema } from '../schema/required';
import { kubetierCompletions, lineContext, mergeCompletions, type CompletionInput } from './completion';
import { documentKind, enclosingDocument } from './documentSlice';
import type { HoverPart } from './hover';
import { createSchemaLanguageService, type SchemaLanguageService } from './schemaService';

export type SchemaMode = 'auto' | 'on' | 'off';

/**
 * `kubetier.schema.enable`: auto (the default) steps aside when redhat.vscode-yaml is active, so
 * schema problems, completions and hovers are not shown twice; kubetier's rules stay on either way.
 */
export function schemaFeaturesEnabled(mode: unknown, redhatYamlActive: boolean): boolean {
  if (mode === 'on') return true;
  if (mode === 'off') return false;
  return !redhatYamlActive;
}

let service: Promise<SchemaLanguageService> | undefined;

/**
 * One yaml-language-server instance per process, over the validator the schema-validation rule uses,
 * made on the first schema completion or hover (loading it at start-up would slow `initialize`).
 */
export function schemaLanguageService(): Promise<SchemaLanguageService> | undefined {
  const validator = sharedSchemaValidator();
  if (validator) service ??= createSchemaLanguageService(validator);
  return service;
}

export interface SchemaRequest {
  text: string;
  position: Position;
  kubernetesVersion: string;
  index: WorkspaceIndex;
}

/** A schema request that fails (an odd workspace CRD schema) gives no schema answer, never a failed request. */
async function orNothing<T>(request: () => Promise<T | undefined> | undefined): Promise<T | undefined> {
  try {
    return await request();
  } catch {
    return undefined;
  }
}

export async function schemaHover(request: SchemaRequest): Promise<HoverPart | undefined> {
  const hover = await orNothing(async () => (await schemaLanguageService())?.hover(request.text, request.position, request.kubernetesVersion, request.index));
  const contents = hover?.contents;
  if (!hover || !contents) return undefined;
  const markdown =
    typeof contents === 'string'
      ? contents
      : Array.isArray(contents)
        ? contents.map((part) => (typeof part === 'string' ? part : part.value)).join('\n\n')
        : contents.value;
  return { markdown, range: hover.range };
}

/** kubetier's own items, then (when schema features are on) the schema's fields and values. */
export async function completeAt(input: CompletionInput, schema: SchemaRequest | undefined): Promise<CompletionList> {
  const own = kubetierCompletions(input);
  const fromSchema = schema
    ? await orNothing(async () => (await schemaLanguageService())?.complete(schema.text, schema.position, schema.kubernetesVersion, schema.index))
    : undefined;
  return mergeCompletions(own, fromSchema);
}

/** Fields the schema requires in the map where a key is being typed (none elsewhere, or without a schema). */
export function requiredFieldsAt(request: SchemaRequest): ReadonlySet<string> {
  const context = lineContext(request.text, request.position);
  const slice = enclosingDocument(request.text, request.position.line);
  const gvk = slice && documentKind(slice.text);
  if (context?.at !== 'key' || !gvk) return new Set();
  const schema = sharedSchemaValidator()?.schemaFor(gvk.apiVersion, gvk.kind, request.kubernetesVersion, request.index);
  return new Set(schema ? requiredInSchema(schema.schema, context.parents) : []);
}
