import { deepEqual } from '../engine/edit/plain';
import { containers, describeObject, isLongRunning } from '../engine/kube/objects';
import { tierNote } from '../engine/lint/messages';
import { describeHandler, probeHandler } from './support/probes';
import { defineRule } from '../engine/lint/rule';

/** How to split the check, per probe action. */
const SEPARATE_CHECKS: Record<string, string> = {
  httpGet: 'Point liveness at a check of the process only (/healthz) and readiness at one of what it needs to serve (/ready).',
  grpc: 'Give each its own grpc.service name, so the server can answer liveness for the process only and readiness for what it needs to serve.',
  exec: 'Let the liveness command check the process only and the readiness command what it needs to serve.',
};

const rule = defineRule({
  id: 'probes-identical',
  title: 'Liveness and readiness probes check different things',
  category: 'health',
  tiers: { 2: 'info' },
  rationale:
    'Liveness answers "restart me?", readiness "send me traffic?". With the same check, a slow database fails both: every pod is restarted at once instead of being taken out of the Service until the database recovers. Probes are compared by their action (httpGet, exec, grpc), not their timings; two tcpSocket probes on one port are fine, as a TCP connect only shows that the process listens.',
  remediation:
    'Let the livenessProbe check only the process itself (/healthz, or tcpSocket) and the readinessProbe whether it can serve now, dependencies included (/ready).',
  appliesTo: isLongRunning,
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    for (const container of containers(object, ['containers'])) {
      const liveness = probeHandler(container.value.livenessProbe);
      if (!liveness || 'tcpSocket' in liveness || !deepEqual(liveness, probeHandler(container.value.readinessProbe))) continue;
      report({
        path: [...container.path, 'readinessProbe'],
        at: 'key',
        message: `${describeObject(object)}: container "${container.name}" uses the same check (${describeHandler(liveness)}) for liveness and readiness${tierNote(rule.tiers)}: when it fails, pods are restarted instead of just taken out of the Service. ${SEPARATE_CHECKS[Object.keys(liveness)[0]] ?? SEPARATE_CHECKS.httpGet}`,
      });
    }
  },
});

export default rule;
