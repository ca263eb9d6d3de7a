import { asArray, asMap, containers, isSet } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'host-port',
  title: 'Containers do not bind host ports',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  rationale:
    "A hostPort opens the port on the node's own address: it bypasses NetworkPolicies on many CNIs, exposes the pod outside the cluster, and lets only one such pod run per node.",
  remediation: 'Remove hostPort and reach the container through a Service (a NodePort or LoadBalancer Service when it must be reached from outside).',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    for (const container of containers(object)) {
      asArray(container.value.ports).forEach((entry, i) => {
        const hostPort = asMap(entry)?.hostPort;
        // hostPort: 0 is the API's "unset".
        if (!isSet(hostPort) || hostPort === 0) return;
        report({
          path: [...container.path, 'ports', i, 'hostPort'],
          message: `Container binds host port ${String(hostPort)} on its node`,
          advice: 'Remove hostPort and expose the port through a Service.',
          container: container.name,
        });
      });
    }
  },
});
