// Where a bundle's pieces live, for the parts that refer to each other's places: the namespaces of the
// platform controllers, the Git repository and the paths GitOps reads.
import type { BundleOptions } from './options';

/** Namespaces of the platform controllers a bundle installs (each gets the namespace guardrails). */
export function platformNamespaces(options: BundleOptions): string[] {
  return [
    ...(options.tier >= 3 && options.gitops === 'argocd' ? ['argocd'] : []),
    ...(options.tier >= 3 && options.gitops === 'flux' ? ['flux-system'] : []),
    ...(options.tier >= 3 ? ['velero'] : []),
    ...(options.tier >= 5 ? ['fleet-default'] : []),
  ];
}

/** Where the app's manifests live in the Git repository the GitOps controller reads. */
export function appSourcePath(options: BundleOptions, environment: string): string {
  switch (options.packaging) {
    case 'helm':
      return `chart/${options.name}`;
    case 'kustomize':
      return `overlays/${environment}`;
    case 'raw':
      return options.tier >= 2 ? `overlays/${environment}` : 'manifests';
  }
}

export const REPOSITORY = (options: BundleOptions) => `https://git.example.com/platform/${options.name}.git`;

/** Flux reads values from ConfigMaps generated next to its HelmReleases, so its values files live there. */
export const FLUX_PLATFORM = 'gitops/flux/platform';

export function valuesPath(options: BundleOptions, chart: string): string {
  return options.gitops === 'flux' ? `${FLUX_PLATFORM}/values/${chart}.yaml` : `platform/values/${chart}.yaml`;
}
