// What a combination of options cannot deliver of its tier's checklist. The generator accepts every
// combination the seed allows (tier 3+ without GitOps, tier 4+ without a mesh) and says what is left out
// in the bundle: its .kubetier.yaml waives these items with the reason (the checklist reports them as not
// applicable and why) and its README lists them.
import type { BundleOptions } from './options';

export interface UnmetItem {
  /** A checklist item id. */
  id: string;
  reason: string;
}

export function unmetItems(options: BundleOptions): UnmetItem[] {
  const unmet: UnmetItem[] = [];
  if (options.tier >= 3 && options.gitops === 'none') {
    const noGitOps = 'generated with --gitops none: the README applies the app and installs the platform charts with kubectl and helm instead';
    unmet.push(
      { id: 't3-argocd', reason: noGitOps },
      { id: 't3-app-of-apps', reason: noGitOps },
      { id: 't3-kube-prometheus-stack', reason: `${noGitOps} (helm upgrade --install kube-prometheus-stack with platform/values/kube-prometheus-stack.yaml)` },
    );
    if (options.tier >= 4) unmet.push({ id: 't4-multi-cluster-argocd', reason: `${noGitOps}; apply the prod overlay or chart to each cluster's context yourself` });
  }
  if (options.tier >= 4 && options.mesh === 'none') {
    unmet.push({ id: 't4-service-mesh', reason: 'generated with --mesh none: no mutual TLS between workloads; NetworkPolicies alone decide who may call the app' });
  }
  return unmet;
}
