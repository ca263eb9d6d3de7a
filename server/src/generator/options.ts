import type { Tier } from '../engine/types';

export const PROVIDERS = ['eks', 'gke', 'aks', 'onprem'] as const;
export const PACKAGINGS = ['helm', 'kustomize', 'raw'] as const;
export const GITOPS = ['argocd', 'flux', 'none'] as const;
export const MESHES = ['none', 'istio', 'linkerd', 'cilium'] as const;
export const SECRETS = ['k8s', 'sealed', 'vault'] as const;

export type Provider = (typeof PROVIDERS)[number];
export type Packaging = (typeof PACKAGINGS)[number];
export type GitOps = (typeof GITOPS)[number];
export type Mesh = (typeof MESHES)[number];
export type SecretsMode = (typeof SECRETS)[number];

/** The seed's scaffold_k8s.py options. */
export interface BundleOptions {
  name: string;
  tier: Tier;
  provider: Provider;
  packaging: Packaging;
  gitops: GitOps;
  mesh: Mesh;
  secrets: SecretsMode;
}

/** tiers.md defaults: GitOps from tier 3, Istio from tier 3, secrets by tier. */
export function defaultsFor(tier: Tier): Omit<BundleOptions, 'name' | 'tier'> {
  return {
    provider: 'eks',
    packaging: 'helm',
    gitops: tier >= 3 ? 'argocd' : 'none',
    mesh: tier >= 3 ? 'istio' : 'none',
    secrets: tier >= 3 ? 'vault' : tier === 2 ? 'sealed' : 'k8s',
  };
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A bundle name made from free text (a folder's name): lower-case, `-` for anything else; `app` when nothing usable is left. */
export function nameFrom(text: string | undefined): string {
  const candidate = (text ?? '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 40).replace(/^-+|-+$/g, '');
  return candidate && !nameProblem(candidate) ? candidate : 'app';
}

/** Why a name cannot name a bundle (its namespace, a DNS-1123 label, and its Service, a DNS-1035 label), or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  // The longest generated name is "<name>-credentials-sealed" style; keep room under the 63-character limit.
  if (name.length > 40) return 'use at most 40 characters (generated object names add suffixes; Kubernetes allows 63)';
  if (!DNS_1123_LABEL.test(name)) return 'use lower-case letters, digits and "-", starting and ending with a letter or digit (a DNS-1123 label)';
  // The bundle's Service takes the name, and Kubernetes refuses Service names that start with a digit.
  if (!/^[a-z]/.test(name)) return 'start with a letter: the bundle\'s Service is named after it, and Service names are DNS-1035 labels';
  return undefined;
}

/**
 * Combinations that cannot deliver their tier's checklist: tier 3 needs a GitOps controller, tier 4
 * multi-cluster Argo CD and a service mesh.
 */
export function optionProblems(options: BundleOptions): string[] {
  const problems: string[] = [];
  const name = nameProblem(options.name);
  if (name) problems.push(`name "${options.name}": ${name}`);
  if (options.tier >= 3 && options.gitops === 'none') problems.push('tier 3 and above need GitOps: choose --gitops argocd or flux');
  if (options.tier >= 4 && options.gitops !== 'argocd') problems.push('tier 4 and above deploy to several clusters with Argo CD ApplicationSets: choose --gitops argocd');
  if (options.tier >= 4 && options.mesh === 'none') problems.push('tier 4 and above need a service mesh: choose --mesh istio, linkerd or cilium');
  return problems;
}
