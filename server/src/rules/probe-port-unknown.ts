import { asArray, asMap, containers } from '../engine/kube/objects';
import { PROBE_FIELDS } from './support/probes';
import { defineRule } from '../engine/lint/rule';
import type { PlainMap } from '../engine/yaml/model';

// grpc.port takes a number only: a name there is a type error, which schema-validation reports.
const PORT_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

interface DeclaredPort {
  name?: string;
  number?: number;
  protocol: string;
}

/** The container's ports[]; undefined when ports is not a list (nothing to compare with). */
function declaredPorts(ports: unknown): DeclaredPort[] | undefined {
  if (ports !== undefined && ports !== null && !Array.isArray(ports)) return undefined;
  return asArray(ports)
    .map(asMap)
    .filter((port): port is PlainMap => port !== undefined)
    .map((port) => ({
      name: typeof port.name === 'string' ? port.name : undefined,
      number: typeof port.containerPort === 'number' ? port.containerPort : undefined,
      protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP',
    }));
}

function describeDeclared(ports: DeclaredPort[], key: 'name' | 'number'): string {
  const values = ports.map((port) => port[key]).filter((value) => value !== undefined);
  if (values.length === 0) return key === 'name' ? ' (it declares no named port)' : '';
  return ` (it declares ${values.map((value) => (key === 'name' ? `"${value}"` : String(value))).join(', ')})`;
}

interface PortProblem {
  message: string;
  advice: string;
  severity?: 'info';
}

/** What is wrong with a probe's port, given the ports its container declares. */
function portProblem(field: string, port: unknown, ports: DeclaredPort[]): PortProblem | undefined {
  const byName = typeof port === 'string' && port !== '' ? ports.find((declared) => declared.name === port) : undefined;
  const byNumber = typeof port === 'number' ? ports.find((declared) => declared.number === port) : undefined;
  const declared = byName ?? byNumber;
  if (declared && declared.protocol !== 'TCP') {
    return {
      message: `${field} probes port ${typeof port === 'string' ? `"${port}"` : port}, which is declared with protocol ${declared.protocol}: probes connect over TCP, so it always fails`,
      advice: 'Probe a TCP port the container serves, or use an exec probe.',
    };
  }
  if (declared || port === '' || port === undefined || port === null) return undefined;
  if (typeof port === 'string') {
    return /^\d+$/.test(port)
      ? {
          message: `${field} port "${port}" is a string, so Kubernetes reads it as a port name, and no port has that name; the probe always fails`,
          advice: `Write the number unquoted: port: ${port}.`,
        }
      : {
          message: `${field} names port "${port}", which the container does not declare${describeDeclared(ports, 'name')}; the probe always fails`,
          advice: 'Use a declared port name or the port number.',
        };
  }
  // An undeclared number can still be served (ports[] is informational): worth a look, not a failure.
  if (typeof port === 'number' && ports.length > 0) {
    return {
      message: `${field} probes port ${port}, which the container does not declare${describeDeclared(ports, 'number')}`,
      advice: 'Check the port number, and declare the port in ports[] (named, so the probe can use the name).',
      severity: 'info',
    };
  }
  return undefined;
}

export default defineRule({
  id: 'probe-port-unknown',
  title: 'Probes name ports their container declares',
  category: 'validity',
  tiers: { 1: 'error' },
  severityNote: 'A numeric probe port the container does not declare (among other declared ports) is info: an undeclared port can still be served.',
  rationale:
    "A probe's named port is looked up in its own container's ports[]: a name that is not there, or a port declared for UDP, makes every probe fail, so a liveness probe restarts the container forever and a readiness probe keeps it out of its Service.",
  remediation: "Use a TCP port name from the container's ports[] (or add the port there with that name), or give the port number.",
  appliesTo: 'pod-bearing',
  skipPatches: true,
  check({ object, report }) {
    // Ephemeral containers cannot have probes; init containers can when they are sidecars.
    for (const container of containers(object, ['containers', 'initContainers'])) {
      const ports = declaredPorts(container.value.ports);
      if (!ports) continue;
      for (const field of PROBE_FIELDS) {
        const probe = asMap(container.value[field]);
        for (const handler of PORT_HANDLERS) {
          const problem = portProblem(field, asMap(probe?.[handler])?.port, ports);
          if (problem) report({ path: [...container.path, field, handler, 'port'], ...problem, container: container.name });
        }
      }
    }
  },
});
