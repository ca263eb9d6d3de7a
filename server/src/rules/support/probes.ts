// Health probes: reading a container's probes, guessing a probe for a container that has none,
// and the rule shared by liveness-probe and readiness-probe (one definition, so they cannot drift).
import { asArray, asMap, containers, isSet, type ContainerRef } from '../../engine/kube/objects';
import type { PlainMap } from '../../engine/yaml/model';
import { defineRule, type Rule } from '../../engine/lint/rule';
import { isUnservedDaemonSet } from './crossref';

export type ProbeField = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
export const PROBE_FIELDS: readonly ProbeField[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLER_KEYS = ['httpGet', 'tcpSocket', 'grpc', 'exec'] as const;

/** The action part of a probe (`{httpGet: {...}}`) without its timings; undefined when it has none. */
export function probeHandler(probe: unknown): PlainMap | undefined {
  const map = asMap(probe);
  const key = map && HANDLER_KEYS.find((candidate) => isSet(map[candidate]));
  return map && key ? { [key]: map[key] } : undefined;
}

export type ProbeTarget =
  | { type: 'http'; port: number | string; scheme: 'HTTP' | 'HTTPS' }
  | { type: 'grpc'; port: number }
  | { type: 'tcp'; port: number | string };

// Ports that conventionally serve HTTP (or HTTPS): dev servers, app servers, proxies, Prometheus.
const HTTP_PORTS = new Set([80, 3000, 4000, 5000, 8000, 8008, 8080, 8081, 8088, 8888, 9090]);
const HTTPS_PORTS = new Set([443, 8443, 9443]);
const HTTP_PORT_NAME = /http|^(web|www|metrics|api|ui|admin|dashboard|health|status|management)(-|$)/;

function isPortRef(value: unknown): value is number | string {
  return (typeof value === 'number' && Number.isInteger(value) && value > 0) || (typeof value === 'string' && value !== '');
}

/** The target of a probe the container already has: another probe must hit the same server. */
function existingTarget(container: ContainerRef): ProbeTarget | undefined {
  for (const field of PROBE_FIELDS) {
    const handler = probeHandler(container.value[field]);
    const httpGet = asMap(handler?.httpGet);
    if (httpGet && isPortRef(httpGet.port)) return { type: 'http', port: httpGet.port, scheme: httpGet.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP' };
    const tcpSocket = asMap(handler?.tcpSocket);
    if (tcpSocket && isPortRef(tcpSocket.port)) return { type: 'tcp', port: tcpSocket.port };
    const grpc = asMap(handler?.grpc);
    if (grpc && typeof grpc.port === 'number') return { type: 'grpc', port: grpc.port };
  }
  return undefined;
}

/** The first declared TCP port, classified by its name and number (a UDP port cannot be probed). */
function declaredPortTarget(container: ContainerRef): ProbeTarget | undefined {
  for (const entry of asArray(container.value.ports)) {
    const port = asMap(entry);
    const number = port?.containerPort;
    if (!port || typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) continue;
    if (port.protocol !== undefined && port.protocol !== 'TCP') continue;
    const name = typeof port.name === 'string' && port.name !== '' ? port.name : undefined;
    const lower = name?.toLowerCase() ?? '';
    // A named port keeps the probe right when the number changes; gRPC probes take numbers only.
    const ref = name ?? number;
    if (lower.startsWith('grpc')) return { type: 'grpc', port: number };
    if (lower.includes('https')) return { type: 'http', port: ref, scheme: 'HTTPS' };
    if (HTTP_PORT_NAME.test(lower) || HTTP_PORTS.has(number)) return { type: 'http', port: ref, scheme: 'HTTP' };
    if (HTTPS_PORTS.has(number)) return { type: 'http', port: ref, scheme: 'HTTPS' };
    return { type: 'tcp', port: ref };
  }
  return undefined;
}

/** What a new probe should hit: the server an existing probe checks, else the first declared port. */
export function probeTarget(container: ContainerRef): ProbeTarget | undefined {
  return existingTarget(container) ?? declaredPortTarget(container);
}

const SUGGESTIONS: Record<'livenessProbe' | 'readinessProbe', { path: string; timings: PlainMap }> = {
  // Liveness tolerates a slow moment (30 s of failures) before a restart; readiness reacts within 15 s.
  livenessProbe: { path: '/healthz', timings: { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 } },
  readinessProbe: { path: '/ready', timings: { initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 } },
};

export function handlerFor(target: ProbeTarget, path: string): PlainMap {
  switch (target.type) {
    case 'http':
      return { httpGet: { path, port: target.port, ...(target.scheme === 'HTTPS' ? { scheme: 'HTTPS' } : {}) } };
    case 'grpc':
      return { grpc: { port: target.port } };
    case 'tcp':
      return { tcpSocket: { port: target.port } };
  }
}

/** "httpGet /healthz on port http" for messages and fix titles. */
export function describeHandler(probe: unknown): string {
  const handler = probeHandler(probe);
  const [kind, action] = handler ? Object.entries(handler)[0] : ['probe', undefined];
  const settings = asMap(action);
  const path = typeof settings?.path === 'string' ? ` ${settings.path}` : '';
  const port = isPortRef(settings?.port) ? ` on port ${settings.port}` : '';
  return `${kind}${path}${port}`;
}

/** The probe the liveness and readiness fixes add; undefined when the container declares no port to probe. */
export function suggestedProbe(container: ContainerRef, field: 'livenessProbe' | 'readinessProbe'): PlainMap | undefined {
  const target = probeTarget(container);
  if (!target) return undefined;
  const suggestion = SUGGESTIONS[field];
  return { ...handlerFor(target, suggestion.path), ...suggestion.timings };
}

interface MissingProbeOptions {
  id: string;
  field: 'livenessProbe' | 'readinessProbe';
  title: string;
  rationale: string;
  remediation: string;
  /** What goes wrong without the probe, for the message. */
  consequence: string;
  /** What goes wrong for a DaemonSet no Service selects, when that differs (it gets no Service traffic). */
  unservedConsequence?: string;
}

/** liveness-probe and readiness-probe: an app container of a long-running workload lacks the probe. */
export function missingProbeRule(options: MissingProbeOptions): Rule {
  const { field } = options;
  return defineRule({
    id: options.id,
    title: options.title,
    category: 'health',
    tiers: { 1: 'hint', 2: 'warning' },
    rationale: options.rationale,
    remediation: options.remediation,
    appliesTo: 'long-running',
    skipPatches: true,
    tierNote: true,
    check({ object, index, report }) {
      const consequence = options.unservedConsequence && isUnservedDaemonSet(index, object) ? options.unservedConsequence : options.consequence;
      for (const container of containers(object, ['containers'])) {
        if (isSet(container.value[field])) continue;
        const probe = suggestedProbe(container, field);
        const advice = probe
          ? `Add one, for example ${describeHandler(probe)}.`
          : 'The container declares no port to probe: add an httpGet or tcpSocket probe on the port it serves, or an exec probe.';
        report({
          path: [...container.path, 'name'],
          message: `No ${field}: ${consequence}`,
          advice,
          container: container.name,
          data: { containerPath: container.path, probe },
        });
      }
    },
    fix: {
      title: (data) => (asMap(data.probe) ? `Add ${field} (${describeHandler(data.probe)})` : `Add a ${field} on the first declared port`),
      // The endpoint is a guess (does the app serve /healthz?): offered one by one, never by fix-all,
      // because a wrong liveness probe restarts a healthy container.
      safe: false,
      operations: (_object, data) =>
        asMap(data.probe) ? [{ op: 'set', path: [...(data.containerPath as (string | number)[]), field], value: data.probe }] : [],
    },
  });
}
