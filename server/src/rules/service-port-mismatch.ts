import { workloadsSelectedBy } from './support/crossref';
import { asArray, asMap, containers, describeObject, getPath, stringMap } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import { defineRule } from '../engine/lint/rule';

interface DeclaredPort {
  name?: string;
  number?: number;
}

function declaredPorts(workload: KubeObject): DeclaredPort[] {
  return containers(workload, ['containers', 'initContainers']).flatMap((container) =>
    asArray(container.value.ports).map((entry) => {
      const port = asMap(entry);
      return {
        name: typeof port?.name === 'string' ? port.name : undefined,
        number: typeof port?.containerPort === 'number' ? port.containerPort : undefined,
      };
    }),
  );
}

export default defineRule({
  id: 'service-port-mismatch',
  title: 'Service target ports are declared by the selected pods',
  category: 'networking',
  tiers: { 1: 'info' },
  rationale: 'A targetPort name that no selected container declares never resolves, and a number no container listens on sends traffic nowhere.',
  remediation: 'Use a targetPort the selected containers declare in ports[] (by name or containerPort).',
  workspace: { silencedBy: 'no workload in the index selected by the Service (service-selector-orphan covers that); numeric ports when the selected containers declare no ports at all' },
  appliesTo: (object) => object.kind === 'Service' && object.group === '',
  skipPatches: true,
  check({ object, index, report }) {
    const selector = stringMap(getPath(object.value, ['spec', 'selector']));
    if (Object.keys(selector).length === 0) return;
    const workloads = workloadsSelectedBy(index, selector, object);
    if (workloads.length === 0) return;
    const declared = workloads.flatMap(declaredPorts);
    asArray(getPath(object.value, ['spec', 'ports'])).forEach((entry, i) => {
      const port = asMap(entry);
      if (!port) return;
      const hasTarget = port.targetPort !== undefined;
      const target = hasTarget ? port.targetPort : port.port;
      const numeric = typeof target === 'number' ? target : typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : undefined;
      let problem: string | undefined;
      if (numeric !== undefined) {
        const numbers = declared.filter((declaredPort) => declaredPort.number !== undefined);
        if (numbers.length > 0 && !numbers.some((declaredPort) => declaredPort.number === numeric)) problem = `port ${numeric}`;
      } else if (typeof target === 'string' && !declared.some((declaredPort) => declaredPort.name === target)) {
        problem = `port name "${target}"`;
      }
      if (!problem) return;
      report({
        path: ['spec', 'ports', i, hasTarget ? 'targetPort' : 'port'],
        message: `Sends traffic to ${problem}, which no container of ${workloads.map(describeObject).join(', ')} declares`,
        advice: 'Use a declared containerPort or port name.',
        related: workloads.map((workload) => ({ object: workload, path: ['metadata', 'name'], message: `${describeObject(workload)} is selected by the Service` })),
      });
    });
  },
});
