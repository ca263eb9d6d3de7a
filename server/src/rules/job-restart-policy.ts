import { isSet, podSpecPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

const ALLOWED = new Set(['Never', 'OnFailure']);

/** What `kubectl create job` and `kubectl create cronjob` write. */
function suggestedPolicy(kind: string): 'Never' | 'OnFailure' {
  return kind === 'CronJob' ? 'OnFailure' : 'Never';
}

export default defineRule({
  id: 'job-restart-policy',
  title: 'Job and CronJob pods restart Never or OnFailure',
  category: 'validity',
  tiers: { 1: 'error' },
  rationale:
    'A Job runs its pods to completion: the API server rejects a Job or CronJob whose pod template leaves restartPolicy unset (it defaults to Always) or sets Always (`spec.template.spec.restartPolicy: Required value`).',
  remediation:
    'Set restartPolicy in the pod template to Never (a failed pod is replaced by a new one, up to backoffLimit) or OnFailure (the container restarts in the same pod).',
  appliesTo: (object) => (object.kind === 'Job' || object.kind === 'CronJob') && object.group === 'batch',
  skipPatches: true,
  checkPod({ object, pod, report }) {
    const policy = pod.spec.restartPolicy;
    if (typeof policy === 'string' && ALLOWED.has(policy)) return;
    const set = isSet(policy);
    report({
      path: set ? [...pod.path, 'restartPolicy'] : pod.path,
      at: set ? undefined : 'key',
      message: set
        ? `restartPolicy ${JSON.stringify(policy)} in a ${object.kind}'s pod template: the API server rejects it (Never or OnFailure only)`
        : `No restartPolicy in the ${object.kind}'s pod template, so it defaults to Always, which the API server rejects for ${object.kind}s`,
      advice: `Set restartPolicy: ${suggestedPolicy(object.kind)} (${suggestedPolicy(object.kind) === 'Never' ? 'or OnFailure' : 'or Never'}).`,
      data: { policy: suggestedPolicy(object.kind) },
    });
  },
  fix: {
    title: (data) => `Set restartPolicy: ${String(data.policy ?? 'Never')}`,
    // The object is rejected as it is; the fix changes only its pod template's restartPolicy.
    safe: true,
    operations: (object, data) => {
      const path = podSpecPath(object);
      return path && typeof data.policy === 'string' ? [{ op: 'set', path: [...path, 'restartPolicy'], value: data.policy }] : [];
    },
  },
});
