import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { asResourceSchema, type JsonSchema } from './strict';

/** Where a kind's schema comes from; bundled CRDs may lag the operator version a user runs. */
export type SchemaOrigin = 'kubernetes' | 'crd' | 'workspace-crd';

/** A self-contained schema for one apiVersion+kind: the kind's schema at the root, its references in `definitions`. */
export interface KindSchema {
  /** Stable id, `v1.31/apps/v1/Deployment`; cache key for validators and the yaml-language-server schema URI. */
  id: string;
  origin: SchemaOrigin;
  /** "Kubernetes 1.31", "bundled CRD schema", "CustomResourceDefinition in crds.yaml": for messages. */
  describedAs: string;
  schema: JsonSchema;
}

interface KubernetesSchemas {
  kubernetesVersion: string;
  kinds: Record<string, string>;
  definitions: Record<string, JsonSchema>;
}

const REF_PREFIX = '#/definitions/';

/** A kind with a schema, and where the schema comes from. */
export interface BundledKind {
  apiVersion: string;
  kind: string;
  origin: SchemaOrigin;
}

/** `apps/v1/Deployment` -> apps/v1 + Deployment. */
export function splitGvk<O extends SchemaOrigin>(gvk: string, origin: O): BundledKind & { origin: O } {
  const slash = gvk.lastIndexOf('/');
  return { apiVersion: gvk.slice(0, slash), kind: gvk.slice(slash + 1), origin };
}

/** The bundled schemas folder: `schemas/` next to dist/ (extension, CLI) or above the compiled tests. */
export function findSchemasDir(start = __dirname): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(candidate, 'crds', 'index.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readJson(file: string): unknown {
  const bytes = fs.readFileSync(file);
  return JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
}

function versionNumber(version: string): number {
  const match = /^1\.(\d+)$/.exec(version);
  return match ? Number(match[1]) : NaN;
}

/** Names of the definitions a schema reaches through `#/definitions/...` references, transitively. */
export function referencedDefinitions(roots: unknown[], definitions: Record<string, JsonSchema>): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...value);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string' && child.startsWith(REF_PREFIX)) {
          const name = child.slice(REF_PREFIX.length);
          if (!seen.has(name) && definitions[name]) {
            seen.add(name);
            stack.push(definitions[name]);
          }
        } else if (typeof child === 'object') stack.push(child);
      }
    }
  }
  return [...seen].sort();
}

/** Orders API versions as Kubernetes prefers them: GA over beta over alpha, then the higher number. */
export function versionRank(apiVersion: string): number {
  const match = /v(\d+)(?:(alpha|beta)(\d+))?$/.exec(apiVersion);
  if (!match) return 0;
  const stability = match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0;
  return stability * 1e6 + Number(match[1]) * 1e3 + Number(match[3] ?? 0);
}

/**
 * The bundled Kubernetes and CRD schemas (scripts/build-schemas.mjs), read lazily: a
 * Kubernetes version's definitions when first needed, a CRD file when its kind is first seen.
 */
export class SchemaStore {
  private readonly kubernetes = new Map<string, KubernetesSchemas>();
  private readonly kindSchemas = new Map<string, KindSchema | undefined>();
  private crdIndex: Record<string, string> | undefined;
  readonly versions: readonly string[];

  constructor(readonly dir: string) {
    this.versions = fs
      .readdirSync(path.join(dir, 'kubernetes'))
      .map((name) => /^v(1\.\d+)\.json\.gz$/.exec(name)?.[1])
      .filter((version): version is string => version !== undefined)
      .sort((a, b) => versionNumber(a) - versionNumber(b));
  }

  /** The bundled version closest to the requested one (1.29 -> 1.31, 1.40 -> 1.36). */
  resolveVersion(requested: string): string {
    const wanted = versionNumber(requested);
    if (Number.isNaN(wanted) || this.versions.length === 0) return this.versions[0] ?? requested;
    return this.versions.reduce((best, version) =>
      Math.abs(versionNumber(version) - wanted) < Math.abs(versionNumber(best) - wanted) ? version : best,
    );
  }

  private definitionsOf(version: string): KubernetesSchemas {
    let loaded = this.kubernetes.get(version);
    if (!loaded) {
      loaded = readJson(path.join(this.dir, 'kubernetes', `v${version}.json.gz`)) as KubernetesSchemas;
      this.kubernetes.set(version, loaded);
    }
    return loaded;
  }

  /** A root schema plus exactly the Kubernetes definitions it references. */
  withDefinitions(version: string, root: JsonSchema): JsonSchema {
    const { definitions } = this.definitionsOf(this.resolveVersion(version));
    const needed = referencedDefinitions([root], definitions);
    return { ...root, definitions: Object.fromEntries(needed.map((name) => [name, definitions[name]])) };
  }

  /** Every apiVersion+kind with a bundled schema for a version (List kinds left out), for `kind:` completion. */
  knownKinds(requestedVersion: string): BundledKind[] {
    this.crdIndex ??= readJson(path.join(this.dir, 'crds', 'index.json')) as Record<string, string>;
    const kubernetes = Object.keys(this.definitionsOf(this.resolveVersion(requestedVersion)).kinds).map((gvk) => splitGvk(gvk, 'kubernetes' as const));
    const crds = Object.keys(this.crdIndex).map((gvk) => splitGvk(gvk, 'crd' as const));
    return [...kubernetes, ...crds].filter(({ kind }) => !kind.endsWith('List'));
  }

  /**
   * For a built-in kind written under a built-in API group that does not serve it
   * (`v1` Deployment, `apps/v1` PodDisruptionBudget): the apiVersions that do, newest
   * group version first; [] otherwise, including for groups this version lacks
   * altogether (removed ones such as extensions, which deprecated-api explains).
   */
  servingApiVersions(requestedVersion: string, apiVersion: string, kind: string): string[] {
    const gvks = Object.keys(this.definitionsOf(this.resolveVersion(requestedVersion)).kinds);
    const groupOf = (value: string) => (value.includes('/') ? value.slice(0, value.indexOf('/')) : '');
    const group = groupOf(apiVersion);
    const split = gvks.map((gvk) => ({ apiVersion: gvk.slice(0, gvk.lastIndexOf('/')), kind: gvk.slice(gvk.lastIndexOf('/') + 1) }));
    const groupServed = split.some((entry) => groupOf(entry.apiVersion) === group);
    const groupHasKind = split.some((entry) => groupOf(entry.apiVersion) === group && entry.kind === kind);
    if (!groupServed || groupHasKind) return [];
    return split
      .filter((entry) => entry.kind === kind)
      .map((entry) => entry.apiVersion)
      .sort((a, b) => versionRank(b) - versionRank(a));
  }

  /** The schema of a built-in kind or a bundled CRD, or undefined when none is bundled. */
  kindSchema(requestedVersion: string, apiVersion: string, kind: string): KindSchema | undefined {
    const version = this.resolveVersion(requestedVersion);
    const gvk = `${apiVersion}/${kind}`;
    const id = `v${version}/${gvk}`;
    if (this.kindSchemas.has(id)) return this.kindSchemas.get(id);
    const schema = this.buildKindSchema(version, gvk, id);
    this.kindSchemas.set(id, schema);
    return schema;
  }

  private buildKindSchema(version: string, gvk: string, id: string): KindSchema | undefined {
    const kubernetes = this.definitionsOf(version);
    const definitionName = kubernetes.kinds[gvk];
    if (definitionName) {
      const root = kubernetes.definitions[definitionName];
      return { id, origin: 'kubernetes', describedAs: `Kubernetes ${version} schema`, schema: this.withDefinitions(version, root) };
    }
    this.crdIndex ??= readJson(path.join(this.dir, 'crds', 'index.json')) as Record<string, string>;
    const file = this.crdIndex[gvk];
    if (!file) return undefined;
    const root = readJson(path.join(this.dir, 'crds', file)) as JsonSchema;
    return { id, origin: 'crd', describedAs: 'bundled CRD schema', schema: this.withDefinitions(version, root) };
  }

  /** Turns a workspace CRD's openAPIV3Schema into a document schema (the input is copied, never changed). */
  customResourceSchema(version: string, openApiSchema: JsonSchema, title: string): JsonSchema {
    return this.withDefinitions(version, asResourceSchema(structuredClone(openApiSchema), title));
  }
}


let shared: SchemaStore | null | undefined;

/** The store over the extension's or CLI's own schemas/ folder; undefined when it is missing. */
export function bundledSchemas(): SchemaStore | undefined {
  if (shared === undefined) {
    const dir = findSchemasDir();
    shared = dir ? new SchemaStore(dir) : null;
  }
  return shared ?? undefined;
}
