import { describeObject, isWorkload, podSpec, podSpecPath } from '../engine/kube/objects';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';

/** What sharing each host namespace exposes, for the message. */
const HOST_NAMESPACES = {
  hostNetwork: "the node's network interfaces, including services bound to localhost",
  hostPID: 'every process on the node (and their environment and memory)',
  hostIPC: "the node's shared memory and IPC objects",
} as const;

const rule = defineRule({
  id: 'host-namespaces',
  title: 'Pods do not share host namespaces',
  category: 'pod-security',
  tiers: { 1: 'warning', 2: 'error' },
  rationale:
    "A pod in the node's network, process or IPC namespace sees and reaches what belongs to the node and to every other pod on it; Pod Security \"baseline\" forbids all three.",
  remediation: 'Remove hostNetwork, hostPID and hostIPC (or set them to false); expose ports through a Service instead of the host network.',
  appliesTo: isWorkload,
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    const spec = podSpec(object);
    const specPath = podSpecPath(object);
    if (!spec || !specPath) return;
    for (const [field, exposes] of Object.entries(HOST_NAMESPACES)) {
      if (spec[field] !== true) continue;
      report({
        path: [...specPath, field],
        message: `${describeObject(object)}: ${field}: true gives its pods ${exposes}${requirementNote(rule.tiers)}, an error from tier 2 (Production). Remove ${field} or set it to false.`,
      });
    }
  },
});

export default rule;
