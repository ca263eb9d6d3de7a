import type { Tier } from '../engine/types';

/** `hybrid`: an on-premises primary site with a public-cloud (EKS) secondary, as the seed's provider list names it. */
export const PROVIDERS = ['eks', 'gke', 'aks', 'onprem', 'hybrid'] as const;
export const PACKAGINGS = ['helm', 'kustomize', 'raw'] as const;
export const GITOPS = ['argocd', 'flux', 'none'] as const;
export const MESHES = ['none', 'istio', 'linkerd', 'cilium'] as const;
export const SECRETS = ['k8s', 'sealed', 'vault'] as const;
export const COMPLIANCE = ['none', 'soc2', 'hipaa', 'pci', 'fedramp'] as const;

export type Provider = (typeof PROVIDERS)[number];
export type Packaging = (typeof PACKAGINGS)[number];
export type GitOps = (typeof GITOPS)[number];
export type Mesh = (typeof MESHES)[number];
export type SecretsMode = (typeof SECRETS)[number];
export type Compliance = (typeof COMPLIANCE)[number];

/** The seed's scaffold_k8s.py options. */
export interface BundleOptions {
  name: string;
  tier: Tier;
  provider: Provider;
  packaging: Packaging;
  gitops: GitOps;
  mesh: Mesh;
  secrets: SecretsMode;
  /** A compliance framework whose controls the bundle maps to checklist items and backs with policies; none when absent. */
  compliance?: Compliance;
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
 * Why options cannot make a bundle. Every tier x packaging x GitOps x mesh x secrets combination is
 * accepted: what a combination cannot deliver of its tier's checklist is said in the bundle (unmet.ts).
 */
export function optionProblems(options: BundleOptions): string[] {
  const name = nameProblem(options.name);
  return name ? [`name "${options.name}": ${name}`] : [];
}
