import { asArray, asMap, containers } from '../engine/kube/objects';
import { PROBE_FIELDS } from './support/probes';
import { defineRule } from '../engine/lint/rule';

// grpc.port takes a number only: a name there is a type error, which schema-validation reports.
const PORT_HANDLERS = ['httpGet', 'tcpSocket'] as const;

/** Names the container declares in ports[]; undefined when ports is not a list (nothing to compare with). */
function declaredPortNames(ports: unknown): Set<string> | undefined {
  if (ports !== undefined && ports !== null && !Array.isArray(ports)) return undefined;
  const names = asArray(ports)
    .map((entry) => asMap(entry)?.name)
    .filter((name): name is string => typeof name === 'string');
  return new Set(names);
}

export default defineRule({
  id: 'probe-port-unknown',
  title: 'Probes name ports their container declares',
  category: 'validity',
  tiers: { 1: 'error' },
  rationale:
    "A probe's named port is looked up in its own container's ports[]: a name that is not there makes every probe fail, so a liveness probe restarts the container forever and a readiness probe keeps it out of its Service.",
  remediation: "Use a port name from the container's ports[] (or add the port there with that name), or give the port number.",
  appliesTo: 'pod-bearing',
  skipPatches: true,
  check({ object, report }) {
    // Ephemeral containers cannot have probes; init containers can when they are sidecars.
    for (const container of containers(object, ['containers', 'initContainers'])) {
      const names = declaredPortNames(container.value.ports);
      if (!names) continue;
      for (const field of PROBE_FIELDS) {
        const probe = asMap(container.value[field]);
        for (const handler of PORT_HANDLERS) {
          const port = asMap(probe?.[handler])?.port;
          if (typeof port !== 'string' || port === '' || names.has(port)) continue;
          const numeric = /^\d+$/.test(port);
          const declared = names.size > 0 ? ` (it declares ${[...names].map((name) => `"${name}"`).join(', ')})` : ' (it declares no named port)';
          report({
            path: [...container.path, field, handler, 'port'],
            message: numeric
              ? `${field} port "${port}" is a string, so Kubernetes reads it as a port name, and no port has that name; the probe always fails`
              : `${field} names port "${port}", which the container does not declare${declared}; the probe always fails`,
            advice: numeric ? `Write the number unquoted: port: ${port}.` : 'Use a declared port name or the port number.',
            container: container.name,
          });
        }
      }
    }
  },
});
