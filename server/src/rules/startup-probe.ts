import { asMap, containers, isSet } from '../engine/kube/objects';
import type { PlainMap } from '../engine/yaml/model';
import { describeHandler, probeHandler } from './support/probes';
import { defineRule } from '../engine/lint/rule';

/** From this initial delay on, a startupProbe serves slow starts better than a delayed liveness probe. */
const SLOW_START_SECONDS = 30;
const STARTUP_PERIOD_SECONDS = 10;

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/**
 * A startupProbe with the liveness probe's action whose window (failureThreshold x period) covers
 * what the liveness probe allowed before its first restart: the delay plus its own failures.
 */
function startupProbeFor(liveness: PlainMap, delay: number): PlainMap | undefined {
  const handler = probeHandler(liveness);
  if (!handler) return undefined;
  const allowed = delay + positiveNumber(liveness.periodSeconds, 10) * positiveNumber(liveness.failureThreshold, 3);
  return {
    ...handler,
    ...(typeof liveness.timeoutSeconds === 'number' ? { timeoutSeconds: liveness.timeoutSeconds } : {}),
    periodSeconds: STARTUP_PERIOD_SECONDS,
    failureThreshold: Math.ceil(allowed / STARTUP_PERIOD_SECONDS),
  };
}

export default defineRule({
  id: 'startup-probe',
  title: 'Slow-starting containers use a startup probe',
  category: 'health',
  tiers: { 2: 'info' },
  rationale:
    'A long liveness initialDelaySeconds is a guess at the start time: too short and the container is killed while starting, too long and a hang right after start goes unnoticed. A startupProbe waits exactly as long as the start takes, then hands over to liveness.',
  remediation: `When livenessProbe.initialDelaySeconds is ${SLOW_START_SECONDS} or more, add a startupProbe with the same action whose failureThreshold x periodSeconds covers the start, and lower the liveness delay.`,
  appliesTo: 'long-running',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    for (const container of containers(object, ['containers'])) {
      const liveness = asMap(container.value.livenessProbe);
      const delay = liveness?.initialDelaySeconds;
      if (!liveness || typeof delay !== 'number' || delay < SLOW_START_SECONDS || isSet(container.value.startupProbe)) continue;
      const startupProbe = startupProbeFor(liveness, delay);
      report({
        path: [...container.path, 'livenessProbe', 'initialDelaySeconds'],
        message: `livenessProbe is delayed by ${delay}s and there is no startupProbe`,
        advice: `Add a startupProbe${startupProbe ? ` (${describeHandler(startupProbe)}, up to ${Number(startupProbe.failureThreshold) * STARTUP_PERIOD_SECONDS}s)` : ''} and drop the liveness delay.`,
        container: container.name,
        data: { containerPath: container.path, startupProbe },
      });
    }
  },
  fix: {
    title: 'Add a startupProbe and drop the liveness delay',
    safe: true,
    operations: (_object, data) => {
      const containerPath = data.containerPath as (string | number)[];
      if (!asMap(data.startupProbe)) return [];
      return [
        { op: 'set', path: [...containerPath, 'startupProbe'], value: data.startupProbe },
        // Liveness only starts once the startup probe succeeded: the container is up by then.
        { op: 'set', path: [...containerPath, 'livenessProbe', 'initialDelaySeconds'], value: 0 },
      ];
    },
  },
});
