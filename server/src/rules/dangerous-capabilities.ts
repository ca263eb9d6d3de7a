import { containers } from '../engine/kube/objects';
import { capabilityList, normalizeCapability } from './support/hardening';
import { tierLabel } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';

/** Capabilities that hand over the node (or the network of the node) from tier 1. */
const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE']);
/** The only capability Pod Security "restricted" lets a container add. */
const RESTRICTED_ALLOWED = new Set(['NET_BIND_SERVICE']);

export default defineRule({
  id: 'dangerous-capabilities',
  title: 'Containers add no dangerous capabilities',
  category: 'pod-security',
  tiers: { 1: 'warning', 2: 'error' },
  severityNote:
    'ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE and SYS_MODULE are flagged from tier 1; from tier 2 any added capability but NET_BIND_SERVICE is flagged too (Pod Security "restricted").',
  rationale:
    'SYS_ADMIN, SYS_MODULE, SYS_PTRACE and ALL are as good as privileged (mounts, kernel modules, reading other processes); NET_ADMIN rewrites the pod network. Pod Security "restricted" lets a container add only NET_BIND_SERVICE.',
  remediation: 'Remove the capability from securityContext.capabilities.add; to bind a port below 1024 add only NET_BIND_SERVICE, or listen on a higher port.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  check({ object, tier, report }) {
    for (const container of containers(object)) {
      capabilityList(container, 'add').forEach((entry, i) => {
        const name = normalizeCapability(entry);
        if (name === undefined || RESTRICTED_ALLOWED.has(name)) return;
        const dangerous = DANGEROUS.has(name);
        if (!dangerous && tier < 2) return;
        const why = dangerous
          ? 'which is close to running privileged'
          : `which Pod Security "restricted" forbids from ${tierLabel(2)} (only NET_BIND_SERVICE may be added)`;
        report({
          path: [...container.path, 'securityContext', 'capabilities', 'add', i],
          message: `Container adds capability ${String(entry)}, ${why}${dangerous ? `; a warning at ${tierLabel(1)}, an error from ${tierLabel(2)}` : ''}`,
          advice: 'Remove it from securityContext.capabilities.add.',
          container: container.name,
        });
      });
    }
  },
});
