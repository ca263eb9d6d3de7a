import * as path from 'path';
import { formatImage, parseImage } from '../kube/image';
import { asArray, asMap } from '../kube/objects';
import type { ParsedFile, PlainMap } from '../yaml/model';

/** File names `kustomize build` looks for in a folder. */
export const KUSTOMIZATION_FILE_NAMES: ReadonlySet<string> = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** What the index needs from one kustomization file; paths are absolute. */
export interface Kustomization {
  path: string;
  dir: string;
  kind: 'Kustomization' | 'Component';
  namespace?: string;
  /** Local `resources:` (and legacy `bases:`): files, or folders holding a kustomization. */
  resources: string[];
  /** Local `components:` folders. */
  components: string[];
  /** Patch files (`patches[].path`, `patchesStrategicMerge`): partial objects, not resources. */
  patchFiles: string[];
  /** Remote bases (git URLs, go-getter and http paths): their objects are not in the workspace. */
  hasRemoteResources: boolean;
  /** `helmCharts:` inflate a chart at build time: its objects are not in the workspace. */
  hasHelmCharts: boolean;
  secretGenerators: string[];
  configMapGenerators: string[];
  /** `images:` overrides, applied to every container image of the build. */
  images: ImageOverride[];
}

/** One `images:` entry: containers whose image name is `name` get the new name, tag or digest. */
export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export function isKustomizationPath(filePath: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.has(path.basename(filePath));
}

/** Remote resource forms kustomize accepts: URLs, `github.com/...`, `git@...`, `...?ref=...`. */
export function isRemoteResource(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^git@/.test(entry) || /^(github|gitlab|bitbucket)\.(com|org)\//.test(entry) || /\?(ref|version)=/.test(entry);
}

function strings(value: unknown): string[] {
  return asArray(value).filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '');
}

function imageOverrides(value: unknown): ImageOverride[] {
  const text = (entry: unknown) => (typeof entry === 'string' && entry !== '' ? entry : typeof entry === 'number' ? String(entry) : undefined);
  return asArray(value).flatMap((entry) => {
    const map = asMap(entry);
    const name = text(map?.name);
    return map && name ? [{ name, newName: text(map.newName), newTag: text(map.newTag), digest: text(map.digest) }] : [];
  });
}

function generatorNames(value: unknown): string[] {
  return asArray(value)
    .map((entry) => asMap(entry)?.name)
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

/**
 * Reads a kustomization file. kustomize accepts one without apiVersion and kind,
 * so the first document's map is read whatever its kind; other files are not kustomizations.
 */
export function readKustomization(file: ParsedFile): Kustomization | undefined {
  if (!isKustomizationPath(file.path) || file.isHelmTemplate) return undefined;
  const value: PlainMap | undefined = asMap(file.documents.find((document) => asMap(document.value))?.value);
  if (!value) return undefined;
  const dir = path.dirname(path.resolve(file.path));
  const local = (entries: string[]) => entries.filter((entry) => !isRemoteResource(entry)).map((entry) => path.resolve(dir, entry));
  const resourceEntries = [...strings(value.resources), ...strings(value.bases)];
  const componentEntries = strings(value.components);
  const patchEntries = [
    ...asArray(value.patches).map((entry) => asMap(entry)?.path),
    ...strings(value.patchesStrategicMerge),
    ...asArray(value.patchesJson6902).map((entry) => asMap(entry)?.path),
  ].filter((entry): entry is string => typeof entry === 'string' && !entry.includes('\n'));
  return {
    path: path.resolve(file.path),
    dir,
    kind: value.kind === 'Component' ? 'Component' : 'Kustomization',
    namespace: typeof value.namespace === 'string' && value.namespace !== '' ? value.namespace : undefined,
    resources: local(resourceEntries),
    components: local(componentEntries),
    patchFiles: local(patchEntries),
    hasRemoteResources: [...resourceEntries, ...componentEntries].some(isRemoteResource),
    hasHelmCharts: asArray(value.helmCharts).length > 0 || asMap(value.helmChartInflationGenerator) !== undefined,
    secretGenerators: generatorNames(value.secretGenerator),
    configMapGenerators: generatorNames(value.configMapGenerator),
    images: imageOverrides(value.images),
  };
}

/** One way a file reaches the cluster: the kustomizations from the file up to a root, inner first. */
export type BuildChain = readonly Kustomization[];

/**
 * The include graph of a workspace's kustomizations: which kustomizations
 * take a file or folder in, and so which namespaces its objects end up in.
 * Immutable; the index builds a new one when a kustomization changes.
 */
export class KustomizeLayout {
  /** Resource file or folder path -> kustomizations that list it (resources or components). */
  private readonly includers = new Map<string, Kustomization[]>();
  private readonly byDir = new Map<string, Kustomization>();
  private readonly patchFiles = new Set<string>();
  private readonly chainCache = new Map<string, BuildChain[]>();
  private readonly patchFileCache = new Map<string, boolean>();

  constructor(kustomizations: Iterable<Kustomization>) {
    for (const kustomization of kustomizations) {
      this.byDir.set(kustomization.dir, kustomization);
      for (const target of [...kustomization.resources, ...kustomization.components]) {
        const list = this.includers.get(target) ?? [];
        list.push(kustomization);
        this.includers.set(target, list);
      }
      for (const patch of kustomization.patchFiles) this.patchFiles.add(patch);
    }
  }

  get isEmpty(): boolean {
    return this.byDir.size === 0;
  }

  kustomizationIn(dir: string): Kustomization | undefined {
    return this.byDir.get(path.resolve(dir));
  }

  isPatchFile(filePath: string): boolean {
    if (this.patchFiles.size === 0) return false;
    // Asked for every object by many rules; path.resolve is not free. The layout is rebuilt when a kustomization changes.
    let patch = this.patchFileCache.get(filePath);
    if (patch === undefined) this.patchFileCache.set(filePath, (patch = this.patchFiles.has(path.resolve(filePath))));
    return patch;
  }

  /**
   * Every chain of kustomizations that builds a file, inner first; [] when no
   * kustomization lists it. Cycles (which kustomize rejects) end a chain.
   */
  chainsOf(filePath: string): BuildChain[] {
    // Keyed by the path as given (resolving it costs more than the lookup); paths are asked for again and again.
    const cached = this.chainCache.get(filePath);
    if (cached) return cached;
    const resolved = path.resolve(filePath);
    const chains = (this.includers.get(resolved) ?? []).flatMap((kustomization) => this.chainsFrom(kustomization));
    this.chainCache.set(filePath, chains);
    return chains;
  }

  /** Every chain from a kustomization up to a root (the kustomization first). */
  chainsFrom(start: Kustomization): BuildChain[] {
    const chains: BuildChain[] = [];
    const climb = (kustomization: Kustomization, chain: Kustomization[]) => {
      if (chain.includes(kustomization)) return;
      const next = [...chain, kustomization];
      const parents = this.includers.get(kustomization.dir) ?? [];
      if (parents.length === 0) chains.push(next);
      for (const parent of parents) climb(parent, next);
    };
    climb(start, []);
    return chains;
  }

  all(): IterableIterator<Kustomization> {
    return this.byDir.values();
  }
}

/**
 * An image as a build chain renders it: each kustomization's `images:` applies
 * to what the inner ones produced (kustomize's images transformer, matching the
 * name without tag and digest; a digest replaces the tag).
 */
export function chainImage(chain: BuildChain, image: string): string {
  let current = parseImage(image);
  for (const kustomization of chain) {
    const override = kustomization.images.find((entry) => entry.name === current.name);
    if (!override) continue;
    current = {
      name: override.newName ?? current.name,
      tag: override.digest ? undefined : (override.newTag ?? current.tag),
      digest: override.digest ?? (override.newTag ? undefined : current.digest),
    };
  }
  return formatImage(current);
}

/** What an image of a file becomes in each Kustomize build of it (the image itself when none builds it). */
export function builtImages(layout: KustomizeLayout, filePath: string, image: string): string[] {
  const chains = layout.chainsOf(filePath);
  return chains.length === 0 ? [image] : chains.map((chain) => chainImage(chain, image));
}

/**
 * Namespaces an object ends up in, following Kustomize: along each build
 * chain the outermost `namespace:` wins over inner ones and over the object's
 * own; with none, its own namespace or `default`.
 */
export function chainNamespace(chain: BuildChain, own: string | undefined): string {
  for (let i = chain.length - 1; i >= 0; i--) {
    const namespace = chain[i].namespace;
    if (namespace) return namespace;
  }
  return own ?? 'default';
}

/**
 * Whether objects of a chain may come from somewhere the index cannot see:
 * a remote base or a Helm chart inflated by kustomize, or a Component no
 * kustomization in the workspace uses (it is merged into a base elsewhere).
 */
export function chainIsOpen(chain: BuildChain): boolean {
  if (chain.some((kustomization) => kustomization.hasRemoteResources || kustomization.hasHelmCharts)) return true;
  return chain.length > 0 && chain[chain.length - 1].kind === 'Component';
}
