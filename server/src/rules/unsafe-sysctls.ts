import { asArray, asMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

/**
 * The sysctls Pod Security "baseline" allows, with the Kubernetes minor version that added each
 * (pod-security-admission's allowed list): namespaced and isolated from the node and other pods.
 */
const SAFE_SYSCTLS: Record<string, number> = {
  'kernel.shm_rmid_forced': 0,
  'net.ipv4.ip_local_port_range': 0,
  'net.ipv4.ip_unprivileged_port_start': 0,
  'net.ipv4.tcp_syncookies': 0,
  'net.ipv4.ping_group_range': 0,
  'net.ipv4.ip_local_reserved_ports': 27,
  'net.ipv4.tcp_keepalive_time': 29,
  'net.ipv4.tcp_fin_timeout': 29,
  'net.ipv4.tcp_keepalive_intvl': 29,
  'net.ipv4.tcp_keepalive_probes': 29,
};

function kubernetesMinor(version: string): number {
  const minor = Number(version.split('.')[1]);
  return Number.isFinite(minor) ? minor : Number.MAX_SAFE_INTEGER;
}

/** A sysctl may be written with `/` separators (`net/ipv4/tcp_syncookies`); the kubelet reads both. */
function normalizeSysctl(name: string): string {
  return name.replace(/\//g, '.');
}

export default defineRule({
  id: 'unsafe-sysctls',
  title: 'Pods set only safe sysctls',
  category: 'pod-security',
  tiers: { 1: 'warning', 2: 'error' },
  rationale:
    'Sysctls outside the safe set are not isolated per pod: they change the kernel for the whole node (or every pod on it), and the kubelet refuses the pod unless the node allow-lists them. Pod Security "baseline" forbids them.',
  remediation:
    'Remove the sysctl, or set it on the node (a tuned DaemonSet or the node image); pods may set only kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range and (newer clusters) net.ipv4.ip_local_reserved_ports and the tcp_keepalive_*/tcp_fin_timeout sysctls.',
  skipPatches: true,
  tierNote: true,
  checkPod({ pod, settings, report }) {
    const minor = kubernetesMinor(settings.kubernetesVersion);
    asArray(asMap(pod.spec.securityContext)?.sysctls).forEach((entry, i) => {
      const name = asMap(entry)?.name;
      // A missing or templated name is the schema's finding.
      if (typeof name !== 'string' || name === '' || name.includes('{')) return;
      const since = SAFE_SYSCTLS[normalizeSysctl(name)];
      if (since !== undefined && since <= minor) return;
      const newer = since !== undefined ? ` (safe only from Kubernetes 1.${since}; the target is ${settings.kubernetesVersion})` : '';
      report({
        path: [...pod.path, 'securityContext', 'sysctls', i, 'name'],
        message: `Unsafe sysctl "${name}"${newer}: it is not isolated to the pod, Pod Security baseline forbids it and the kubelet rejects the pod unless the node allows it`,
        advice: 'Remove it, or tune the node instead.',
      });
    });
  },
});
