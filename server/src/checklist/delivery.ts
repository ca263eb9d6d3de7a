import { resolveSettings, type HostSettings } from '../engine/lint/config';
import { lintFile } from '../engine/lint/lint';
import type { Tier } from '../engine/types';
import type { ConfigCache } from '../engine/workspace/disk';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ParsedFile } from '../engine/yaml/model';
import { RULES } from '../rules';
import type { ChecklistReport } from './index';
import type { ChecklistStatus } from './item';

/**
 * The seed's "Before delivering" checklist (section 19), each line linked to
 * the checklist items and rules that give evidence for it.
 */
export interface DeliveryLine {
  section: 'Architecture' | 'Security' | 'Reliability' | 'Observability' | 'Operations';
  text: string;
  /** Lowest tier the line applies to. */
  tier: Tier;
  items: string[];
  rules: string[];
}

export const DELIVERY_CHECKLIST: readonly DeliveryLine[] = [
  { section: 'Architecture', text: 'Tier appropriate for requirements', tier: 1, items: [], rules: [] },
  { section: 'Architecture', text: 'Namespace strategy defined', tier: 1, items: ['t1-namespace', 't3-multi-namespace'], rules: ['default-namespace'] },
  { section: 'Architecture', text: 'Resource packaging (Helm/Kustomize) consistent', tier: 2, items: ['t2-packaging'], rules: [] },
  { section: 'Architecture', text: 'GitOps configured', tier: 3, items: ['t3-argocd', 't3-app-of-apps'], rules: ['argocd-project-default', 'argocd-prod-autosync'] },
  { section: 'Architecture', text: 'Multi-cluster strategy', tier: 4, items: ['t4-multi-cluster-argocd', 't4-cross-cluster-discovery'], rules: [] },
  { section: 'Security', text: 'RBAC configured (least privilege)', tier: 1, items: ['t2-rbac'], rules: ['cluster-admin-binding', 'rbac-wildcard', 'rbac-escalation-verbs'] },
  { section: 'Security', text: 'Pod Security Standards enforced', tier: 2, items: ['t2-pod-security'], rules: ['namespace-pod-security'] },
  { section: 'Security', text: 'NetworkPolicies applied (default deny + allow)', tier: 2, items: ['t2-netpol-default-deny'], rules: ['namespace-default-deny', 'netpol-dns-egress', 'netpol-selects-nothing'] },
  { section: 'Security', text: 'Secrets management at appropriate tier', tier: 1, items: ['t1-secret', 't2-sealed-secret', 't3-external-secrets'], rules: ['plaintext-secret', 'secret-in-configmap', 'env-literal-secret'] },
  { section: 'Security', text: 'Security contexts on all containers', tier: 1, items: [], rules: ['privileged', 'run-as-non-root', 'run-as-root-user', 'privilege-escalation', 'read-only-root-fs', 'capabilities-drop-all', 'seccomp-profile'] },
  { section: 'Security', text: 'Policy engine rules', tier: 2, items: ['t2-policy-engine'], rules: ['kyverno-audit-mode'] },
  { section: 'Security', text: 'Image verification', tier: 3, items: ['t3-image-verification', 't5-slsa-admission'], rules: ['image-digest', 'image-tag-latest'] },
  { section: 'Security', text: 'Audit policy configured', tier: 3, items: ['t3-audit-policy'], rules: [] },
  { section: 'Reliability', text: 'Resource requests AND limits on all containers', tier: 1, items: ['t1-deployment-resources'], rules: ['resource-requests', 'resource-limits', 'limits-below-requests'] },
  { section: 'Reliability', text: 'Liveness, readiness, and startup probes', tier: 2, items: ['t2-probes'], rules: ['liveness-probe', 'readiness-probe', 'startup-probe'] },
  { section: 'Reliability', text: 'PodDisruptionBudget for production workloads', tier: 2, items: ['t2-pdb'], rules: ['pdb-missing', 'pdb-blocks-eviction'] },
  { section: 'Reliability', text: 'HPA configured with appropriate metrics', tier: 2, items: ['t2-hpa'], rules: ['hpa-missing', 'hpa-target-missing', 'hpa-replicas-conflict'] },
  { section: 'Reliability', text: 'Topology spread constraints (multi-AZ)', tier: 2, items: ['t3-topology-spread'], rules: ['topology-spread'] },
  { section: 'Reliability', text: 'Graceful shutdown (preStop + terminationGracePeriod)', tier: 2, items: [], rules: ['graceful-shutdown'] },
  { section: 'Reliability', text: 'Backup strategy (Velero)', tier: 2, items: ['t2-velero', 't4-velero-cross-region'], rules: [] },
  { section: 'Observability', text: 'Prometheus metrics exported (ServiceMonitor)', tier: 2, items: ['t2-servicemonitor'], rules: ['servicemonitor-missing'] },
  { section: 'Observability', text: 'Logging to stdout/stderr (collected by agent)', tier: 3, items: ['t3-loki'], rules: [] },
  { section: 'Observability', text: 'Health check endpoints', tier: 2, items: ['t2-probes'], rules: ['liveness-probe', 'readiness-probe'] },
  { section: 'Observability', text: 'SLO/SLI alerting rules', tier: 3, items: ['t3-prometheus-rule'], rules: [] },
  { section: 'Observability', text: 'Dashboards provisioned', tier: 2, items: ['t2-dashboards', 't3-kube-prometheus-stack'], rules: [] },
  { section: 'Operations', text: 'Labels and annotations consistent', tier: 1, items: [], rules: ['recommended-labels'] },
  { section: 'Operations', text: 'Deployment strategy defined (RollingUpdate/Canary)', tier: 1, items: ['t4-rollouts'], rules: ['rollout-without-analysis'] },
  { section: 'Operations', text: 'Environment-specific overlays (dev/staging/prod)', tier: 2, items: ['t2-packaging'], rules: [] },
  { section: 'Operations', text: 'Secret rotation documented', tier: 3, items: ['t3-external-secrets'], rules: ['external-secret-refresh'] },
  { section: 'Operations', text: 'Runbook / DR procedure documented', tier: 1, items: ['t1-readme', 't2-velero'], rules: [] },
  { section: 'Operations', text: 'Cost visibility configured', tier: 3, items: ['t3-cost-visibility'], rules: ['namespace-quota'] },
];

/** A line with what backs it: its items' statuses and its rules' finding counts. */
export interface DeliveryLineStatus {
  section: DeliveryLine['section'];
  text: string;
  tier: Tier;
  items: { id: string; title: string; status: ChecklistStatus }[];
  rules: { id: string; findings: number }[];
}

/** Joins the section 19 lines with a checklist report and the findings per rule of the same files. */
export function deliveryStatus(report: ChecklistReport, findingsByRule: ReadonlyMap<string, number>): DeliveryLineStatus[] {
  const reportOf = new Map(report.items.map((item) => [item.id, item]));
  return DELIVERY_CHECKLIST.map((line) => ({
    section: line.section,
    text: line.text,
    tier: line.tier,
    items: line.items.map((id) => ({ id, title: reportOf.get(id)?.title ?? id, status: reportOf.get(id)?.status ?? 'missing' })),
    rules: line.rules.map((id) => ({ id, findings: findingsByRule.get(id) ?? 0 })),
  }));
}

export interface FindingsScope {
  /** The files whose findings count. */
  files: Iterable<ParsedFile>;
  /** What cross-file rules look at (may hold more than `files`). */
  index: WorkspaceIndex;
  configs: ConfigCache;
  host: HostSettings;
}

/** Findings per rule over the files in scope at the target tier: the evidence the rules of a line give. */
export function findingsByRule(scope: FindingsScope, tier: Tier): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of scope.files) {
    const settings = resolveSettings(file.text, scope.configs.forFile(file.path), scope.host, tier);
    for (const finding of lintFile(file, { settings, index: scope.index, rules: RULES })) {
      counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
    }
  }
  return counts;
}
