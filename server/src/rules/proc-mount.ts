import { asMap, containers } from '../engine/kube/objects';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';
import type { NodePath } from '../engine/types';

const rule = defineRule({
  id: 'proc-mount',
  title: 'Containers keep the default /proc mount',
  category: 'pod-security',
  tiers: { 1: 'warning', 2: 'error' },
  rationale:
    'procMount: Unmasked turns off the masking and read-only paths the runtime applies to /proc, exposing kernel interfaces (/proc/sys, /proc/sysrq-trigger, /proc/kcore) that help escape the container. Pod Security "baseline" allows only Default, and the API server rejects any value but Default and Unmasked.',
  remediation: 'Remove securityContext.procMount or set it to Default.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  check({ object, report }) {
    for (const container of containers(object)) {
      const procMount = asMap(container.value.securityContext)?.procMount;
      // Unset or null is the default; a templated value is unknown.
      if (procMount === undefined || procMount === null || procMount === 'Default' || (typeof procMount === 'string' && procMount.includes('{'))) continue;
      const path = [...container.path, 'securityContext', 'procMount'];
      report({
        path,
        // Only Unmasked is a tier matter: any other value is rejected at every tier.
        message:
          procMount === 'Unmasked'
            ? `procMount: Unmasked exposes the kernel interfaces /proc normally hides; Pod Security baseline forbids it${requirementNote(rule.tiers)}`
            : `procMount: ${JSON.stringify(procMount)} is not a proc mount type (Default or Unmasked): the API server rejects the pod`,
        advice: 'Set procMount: Default.',
        container: container.name,
        data: { path },
      });
    }
  },
  fix: {
    title: 'Set procMount: Default',
    safe: true,
    operations: (_object, data) => (Array.isArray(data.path) ? [{ op: 'set', path: data.path as NodePath, value: 'Default' }] : []),
  },
});

export default rule;
