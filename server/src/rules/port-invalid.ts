import { asArray, asMap, containers, getPath, isWorkload } from '../engine/kube/objects';
import { defineRule, type ReportInput } from '../engine/lint/rule';
import type { KubeObject } from '../engine/yaml/model';
import type { NodePath } from '../engine/types';
import { dnsLabelProblem, ianaSvcNameProblem, isPlaceholder, portNumberProblem } from './support/syntax';

type Report = (input: ReportInput) => void;

function isService(object: KubeObject): boolean {
  return object.kind === 'Service' && object.group === '';
}

/** A number field that must hold a port when set; `allowZero` for hostPort and nodePort, where 0 means unset. */
function checkNumber(value: unknown, path: NodePath, field: string, container: string | undefined, report: Report, allowZero = false): void {
  if (typeof value !== 'number' || (allowZero && value === 0)) return;
  const problem = portNumberProblem(value);
  if (problem) report({ path, message: `${field} ${problem}: the API server rejects it`, advice: 'Use a port from 1 to 65535.', container });
}

/** A port name field: IANA_SVC_NAME for containers and targetPort, a DNS label for Service ports. */
function checkName(object: KubeObject, value: unknown, path: NodePath, field: string, container: string | undefined, report: Report, syntax: 'iana' | 'dns-label'): void {
  if (typeof value !== 'string' || value === '' || isPlaceholder(object, value)) return;
  const problem = syntax === 'iana' ? ianaSvcNameProblem(value) : dnsLabelProblem(value);
  if (problem) report({ path, message: `${field} "${value}" ${problem}: the API server rejects it`, advice: 'Rename the port.', container });
}

function checkWorkload(object: KubeObject, report: Report): void {
  const seen = new Set<string>();
  for (const container of containers(object)) {
    const name = container.name;
    asArray(container.value.ports).forEach((entry, i) => {
      const port = asMap(entry);
      if (!port) return;
      const path = [...container.path, 'ports', i];
      checkNumber(port.containerPort, [...path, 'containerPort'], 'containerPort', name, report);
      checkNumber(port.hostPort, [...path, 'hostPort'], 'hostPort', name, report, true);
      checkName(object, port.name, [...path, 'name'], 'Port name', name, report, 'iana');
      if (typeof port.name !== 'string' || port.name === '') return;
      // Names are unique across the pod's containers: probes and Services look them up pod-wide.
      if (seen.has(port.name)) report({ path: [...path, 'name'], message: `Port name "${port.name}" is declared twice in the pod: the API server rejects it`, advice: 'Give each port its own name.', container: name });
      seen.add(port.name);
    });
  }
}

function checkService(object: KubeObject, report: Report): void {
  const ports = asArray(getPath(object.value, ['spec', 'ports']));
  const seen = new Set<string>();
  ports.forEach((entry, i) => {
    const port = asMap(entry);
    if (!port) return;
    const path: NodePath = ['spec', 'ports', i];
    checkNumber(port.port, [...path, 'port'], 'port', undefined, report);
    checkNumber(port.nodePort, [...path, 'nodePort'], 'nodePort', undefined, report, true);
    if (typeof port.targetPort === 'number') checkNumber(port.targetPort, [...path, 'targetPort'], 'targetPort', undefined, report, true);
    else checkName(object, port.targetPort, [...path, 'targetPort'], 'targetPort', undefined, report, 'iana');
    checkName(object, port.name, [...path, 'name'], 'Port name', undefined, report, 'dns-label');
    const named = typeof port.name === 'string' && port.name !== '';
    if (!named && ports.length > 1) {
      report({ path: [...path, 'port'], message: `Port ${String(port.port ?? i + 1)} has no name, and a Service with several ports must name each one: the API server rejects it`, advice: 'Add a name.' });
    }
    if (named && seen.has(port.name as string)) report({ path: [...path, 'name'], message: `Port name "${String(port.name)}" is used twice: the API server rejects it`, advice: 'Give each port its own name.' });
    if (named) seen.add(port.name as string);
  });
}

export default defineRule({
  id: 'port-invalid',
  title: 'Port numbers and names are valid',
  category: 'validity',
  tiers: { 1: 'error' },
  rationale:
    'The API server rejects a port outside 1-65535, a container or target port name that is not an IANA service name (at most 15 lowercase letters, digits and "-", with a letter), a Service port name that is not a DNS label, and unnamed or repeated names where names must be unique. The schema allows all of these, so they surface only at apply time.',
  remediation: 'Use port numbers from 1 to 65535 and short lowercase names such as http, grpc or metrics; name every port of a multi-port Service.',
  appliesTo: (object) => isWorkload(object) || isService(object),
  skipPatches: true,
  check({ object, report }) {
    if (isService(object)) checkService(object, report);
    else checkWorkload(object, report);
  },
});
