import { isUnservedDaemonSet } from './support/crossref';
import { atLeast } from '../engine/kube/deprecations';
import { canCreatePath, containers, getPath, isSet, podSpec, podSpecPath } from '../engine/kube/objects';
import type { FixOperation } from '../engine/lint/rule';
import { defineRule } from '../engine/lint/rule';

const PRE_STOP_SLEEP_SECONDS = 5;
const GRACE_PERIOD_SECONDS = 30;
/** The preStop `sleep` action is on by default from 1.30 (beta): no `sleep` binary needed (distroless images have none). */
const NATIVE_SLEEP_VERSION = '1.30';

/**
 * How long the preStop hook may sleep: 5 s, but at most half an explicit grace period so the
 * process keeps time to stop after SIGTERM. Undefined when the grace period leaves no room
 * (or is not a number): such a pod is meant to stop at once.
 */
function preStopSleep(grace: unknown): number | undefined {
  if (!isSet(grace)) return PRE_STOP_SLEEP_SECONDS;
  if (typeof grace !== 'number') return undefined;
  const sleep = Math.min(PRE_STOP_SLEEP_SECONDS, Math.floor(grace / 2));
  return sleep >= 1 ? sleep : undefined;
}

export default defineRule({
  id: 'graceful-shutdown',
  title: 'Containers wait for endpoints to drain before stopping',
  category: 'health',
  tiers: { 2: 'info' },
  rationale:
    'Endpoints are removed from Services and load balancers at the same time as SIGTERM is sent: a container that stops at once still gets requests for a few seconds, and they fail. A preStop sleep keeps it serving until the routing has caught up.',
  remediation: `Add lifecycle.preStop (exec sleep ${PRE_STOP_SLEEP_SECONDS}, or the sleep action on Kubernetes 1.30+) and keep terminationGracePeriodSeconds above the sleep plus the time the process needs to stop (the fix sets ${GRACE_PERIOD_SECONDS} when unset).`,
  workspace: { silencedBy: 'DaemonSets that no Service in the workspace selects (nothing routes requests to them)' },
  appliesTo: 'long-running',
  skipPatches: true,
  tierNote: true,
  check({ object, index, settings, report }) {
    // Nothing routes requests to a DaemonSet no Service selects, so there is nothing to drain.
    if (isUnservedDaemonSet(index, object)) return;
    for (const container of containers(object, ['containers'])) {
      if (isSet(getPath(container.value, ['lifecycle', 'preStop']))) continue;
      report({
        path: [...container.path, 'name'],
        message: 'No lifecycle.preStop hook: the container stops while Services still route requests to it',
        advice: 'Add a preStop sleep of a few seconds, below terminationGracePeriodSeconds.',
        container: container.name,
        data: { containerPath: container.path, fixable: canCreatePath(container.value, ['lifecycle']), nativeSleep: atLeast(settings.kubernetesVersion, NATIVE_SLEEP_VERSION) },
      });
    }
  },
  fix: {
    title: `Add a preStop sleep and a termination grace period`,
    safe: true,
    operations: (object, data) => {
      const specPath = podSpecPath(object);
      const grace = podSpec(object)?.terminationGracePeriodSeconds;
      const sleep = preStopSleep(grace);
      if (data.fixable !== true || !specPath || sleep === undefined) return [];
      const operations: FixOperation[] = [
        {
          op: 'set',
          path: [...(data.containerPath as (string | number)[]), 'lifecycle', 'preStop'],
          value: data.nativeSleep === true ? { sleep: { seconds: sleep } } : { exec: { command: ['sleep', String(sleep)] } },
        },
      ];
      if (!isSet(grace)) operations.push({ op: 'set', path: [...specPath, 'terminationGracePeriodSeconds'], value: GRACE_PERIOD_SECONDS });
      return operations;
    },
  },
});
