// Schema completion and hover through yaml-language-server, run in-process and offline.
// It is handed only the YAML document around the cursor, with the schema of that document's kind:
// 4-28 ms per request that way, against 0.45-0.9 s for a whole 1,000-document file.
// yaml-language-server is imported only by createSchemaLanguageService(): evaluating it builds four
// Ajv instances (~110 ms), which would otherwise delay the server's answer to `initialize`.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Hover, Position } from 'vscode-languageserver-types';
import type { LanguageService } from 'yaml-language-server/lib/esm/languageservice/yamlLanguageService';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import type { KindSchema } from '../schema/store';
import type { SchemaValidator } from '../schema/validate';
import { documentKind, enclosingDocument, type DocumentSlice } from './documentSlice';

const SCHEMA_SCHEME = 'kubetier-schema';
const SLICE_SCHEME = 'kubetier-slice';
const MAX_SCHEMAS = 256;

/** Loads yaml-language-server (the first time only) and makes a service over `validator`. */
export async function createSchemaLanguageService(validator: SchemaValidator): Promise<SchemaLanguageService> {
  const { getLanguageService } = await import('yaml-language-server/lib/esm/languageservice/yamlLanguageService');
  return new SchemaLanguageService(validator, getLanguageService);
}

export interface SchemaRequestLog {
  /** Every schema URI yaml-language-server asked for; only kubetier-schema: URIs are ever answered. */
  requested: string[];
}

/**
 * yaml-language-server with every network path closed: no schema store, no CRD catalog, no
 * schema associations; its only schema source answers kubetier-schema: URIs from memory.
 */
export class SchemaLanguageService {
  private readonly service: LanguageService;
  private readonly schemas = new Map<string, KindSchema>();
  /** yaml-language-server asks again for every request; the text is made once per schema. */
  private readonly schemaTexts = new WeakMap<KindSchema, string>();
  private version = 0;
  readonly log: SchemaRequestLog = { requested: [] };

  constructor(
    private readonly validator: SchemaValidator,
    getLanguageService: typeof import('yaml-language-server/lib/esm/languageservice/yamlLanguageService').getLanguageService,
  ) {
    this.service = getLanguageService({
      schemaRequestService: (uri) => this.requestSchema(uri),
      workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
    });
    this.service.configure({
      validate: false,
      hover: true,
      completion: true,
      isKubernetes: false,
      schemas: [],
      hoverSchemaSource: false,
      yamlVersion: '1.2',
    });
    // The slice URI names its schema, so no glob association (and no schema store lookup) is involved.
    this.service.registerCustomSchemaProvider(async (uri) => (uri.startsWith(`${SLICE_SCHEME}:`) ? this.schemaUriOfSlice(uri) : []));
  }

  private requestSchema(uri: string): Promise<string> {
    this.log.requested.push(uri);
    const schema = uri.startsWith(`${SCHEMA_SCHEME}:`) ? this.schemas.get(uri) : undefined;
    if (!schema) return Promise.reject(new Error(`kubetier serves bundled schemas only, never ${uri}`));
    let text = this.schemaTexts.get(schema);
    if (text === undefined) this.schemaTexts.set(schema, (text = JSON.stringify(schema.schema)));
    return Promise.resolve(text);
  }

  private schemaUriOfSlice(uri: string): string[] {
    const id = decodeURIComponent(new URL(uri).searchParams.get('schema') ?? '');
    const schemaUri = `${SCHEMA_SCHEME}:///${encodeURIComponent(id)}`;
    return this.schemas.has(schemaUri) ? [schemaUri] : [];
  }

  /** The slice as a yaml-language-server document bound to its kind's schema, or undefined without one. */
  private sliceDocument(
    text: string,
    position: Position,
    kubernetesVersion: string,
    index: WorkspaceIndex,
  ): { document: TextDocument; slice: DocumentSlice } | undefined {
    const slice = enclosingDocument(text, position.line);
    const gvk = slice && documentKind(slice.text);
    if (!slice || !gvk) return undefined;
    const schema = this.validator.schemaFor(gvk.apiVersion, gvk.kind, kubernetesVersion, index);
    if (!schema) return undefined;
    // Each edit of a workspace CRD makes a new schema id: keep the map from growing without end.
    if (this.schemas.size > MAX_SCHEMAS) this.schemas.clear();
    this.schemas.set(`${SCHEMA_SCHEME}:///${encodeURIComponent(schema.id)}`, schema);
    const uri = `${SLICE_SCHEME}:///document.yaml?schema=${encodeURIComponent(schema.id)}`;
    return { document: TextDocument.create(uri, 'yaml', ++this.version, slice.text), slice };
  }

  async complete(text: string, position: Position, kubernetesVersion: string, index: WorkspaceIndex): Promise<CompletionList | undefined> {
    const found = this.sliceDocument(text, position, kubernetesVersion, index);
    if (!found) return undefined;
    const list = await this.service.doComplete(found.document, shift(position, -found.slice.startLine), false);
    for (const item of list.items) {
      const edit = item.textEdit;
      if (edit && 'range' in edit) edit.range = shiftRange(edit.range, found.slice.startLine);
      else if (edit) {
        edit.insert = shiftRange(edit.insert, found.slice.startLine);
        edit.replace = shiftRange(edit.replace, found.slice.startLine);
      }
    }
    return list;
  }

  async hover(text: string, position: Position, kubernetesVersion: string, index: WorkspaceIndex): Promise<Hover | undefined> {
    const found = this.sliceDocument(text, position, kubernetesVersion, index);
    if (!found) return undefined;
    const hover = await this.service.doHover(found.document, shift(position, -found.slice.startLine));
    if (!hover) return undefined;
    return { ...hover, range: hover.range && shiftRange(hover.range, found.slice.startLine) };
  }
}

function shift(position: Position, lines: number): Position {
  return { line: position.line + lines, character: position.character };
}

function shiftRange<R extends { start: Position; end: Position }>(range: R, lines: number): R {
  return { ...range, start: shift(range.start, lines), end: shift(range.end, lines) };
}
