// What a part of a tier bundle is: the objects and files one concern adds (the workload, the guardrails,
// Argo CD...), from the lowest tier that asks for it. One module per part in parts/, listed in all.ts,
// in the manner of checklist/items.
import type { Manifest } from '../builders';
import type { Tier } from '../engine/types';
import type { BundleOptions } from './options';

/**
 * One output of a part. `app` objects are the application's: packaged as chart templates, a Kustomize
 * base or plain manifests, as `file` in that folder. `cluster` objects are applied as they are, at `file`
 * (from the bundle root). `file` entries are finished files (Helm values of platform charts, PROJECT).
 */
export type BundleEntry =
  | { area: 'app'; file: string; manifest: Manifest }
  | { area: 'cluster'; file: string; manifest: Manifest }
  | { area: 'file'; file: string; content: string };

export interface BundlePart {
  /** `t<tier>-<name>`: the module name. */
  id: string;
  /** The lowest tier whose bundles hold the part. */
  tier: Tier;
  /** What the part adds to a bundle of these options (nothing when the options leave it out). */
  entries(options: BundleOptions): BundleEntry[];
}

export function definePart(part: BundlePart): BundlePart {
  return part;
}

/** An object of the application, packaged into `file`. */
export function appObject(file: string, manifest: Manifest): BundleEntry {
  return { area: 'app', file, manifest };
}

/** A cluster or platform object, applied as is from `file` under platform/. */
export function platformObject(file: string, manifest: Manifest): BundleEntry {
  return { area: 'cluster', file: `platform/${file}`, manifest };
}

/** A GitOps definition, applied as is from `file` under gitops/. */
export function gitopsObject(file: string, manifest: Manifest): BundleEntry {
  return { area: 'cluster', file: `gitops/${file}`, manifest };
}
