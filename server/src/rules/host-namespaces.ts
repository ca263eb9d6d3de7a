import { defineRule } from '../engine/lint/rule';

/** What sharing each host namespace exposes, for the message. */
const HOST_NAMESPACES = {
  hostNetwork: "the node's network interfaces, including services bound to localhost",
  hostPID: 'every process on the node (and their environment and memory)',
  hostIPC: "the node's shared memory and IPC objects",
} as const;

export default defineRule({
  id: 'host-namespaces',
  title: 'Pods do not share host namespaces',
  category: 'pod-security',
  tiers: { 1: 'warning', 2: 'error' },
  rationale:
    "A pod in the node's network, process or IPC namespace sees and reaches what belongs to the node and to every other pod on it; Pod Security \"baseline\" forbids all three.",
  remediation: 'Remove hostNetwork, hostPID and hostIPC (or set them to false); expose ports through a Service instead of the host network.',
  skipPatches: true,
  tierNote: true,
  checkPod({ pod: { spec, path: specPath }, report }) {
    for (const [field, exposes] of Object.entries(HOST_NAMESPACES)) {
      if (spec[field] !== true) continue;
      report({
        path: [...specPath, field],
        message: `${field}: true gives the pods ${exposes}`,
        advice: `Remove ${field} or set it to false.`,
      });
    }
  },
});
