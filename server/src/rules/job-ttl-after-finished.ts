import { getPath, isSet, isWorkload } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

/** Helm and Argo CD hooks: the tool deletes them (by default before it creates the hook again). */
const HOOK_ANNOTATIONS = ['helm.sh/hook', 'helm.sh/hook-delete-policy', 'argocd.argoproj.io/hook', 'argocd.argoproj.io/hook-delete-policy'];

/** A day: long enough to read the logs of a failed run, short enough that finished Jobs do not pile up. */
const TTL_SECONDS = 86400;

export default defineRule({
  id: 'job-ttl-after-finished',
  title: 'Standalone Jobs are cleaned up after they finish',
  category: 'resources',
  tiers: { 2: 'info', 3: 'warning' },
  rationale:
    'A finished Job and its pods stay in the cluster until someone deletes them: they pile up in etcd and in every `kubectl get pods`, and a Job with the same name cannot run again. CronJobs clean up after themselves (history limits); standalone Jobs need spec.ttlSecondsAfterFinished.',
  remediation:
    'Set spec.ttlSecondsAfterFinished (for example 86400). For a Job that a GitOps tool keeps in sync, use a hook delete policy instead (argocd.argoproj.io/hook-delete-policy, helm.sh/hook-delete-policy): Argo CD recreates, and so re-runs, a Job the TTL deleted.',
  appliesTo: (object) => isWorkload(object) && object.kind === 'Job',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    if (isSet(getPath(object.value, ['spec', 'ttlSecondsAfterFinished']))) return;
    if (HOOK_ANNOTATIONS.some((key) => isSet(getPath(object.value, ['metadata', 'annotations', key])))) return;
    report({
      path: ['metadata', 'name'],
      message: 'The Job stays in the cluster with its pods after it finishes (no spec.ttlSecondsAfterFinished)',
      advice: `Set spec.ttlSecondsAfterFinished (for example ${TTL_SECONDS}), or a hook delete policy when Argo CD or Helm runs it.`,
    });
  },
  fix: {
    title: `Set ttlSecondsAfterFinished: ${TTL_SECONDS}`,
    // A GitOps tool re-creates a Job the TTL deleted, and so re-runs it: a decision, not fix-all material.
    safe: false,
    operations: () => [{ op: 'set', path: ['spec', 'ttlSecondsAfterFinished'], value: TTL_SECONDS }],
  },
});
