import { asArray, asMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'host-path',
  title: 'Pods do not mount host paths',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  severityNote: 'Information for DaemonSets: node agents (log shippers, CSI and CNI plugins) often need a host path by design.',
  rationale:
    "A hostPath volume exposes the node's file system to the pod: a writable mount of /, /var/run or /etc is a direct way out of the container, and data written there outlives the pod on that one node only.",
  remediation: 'Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead; where a node agent needs the host, mount only the narrowest path, read-only.',
  skipPatches: true,
  tierNote: true,
  checkPod({ object, pod: { spec, path: specPath }, report }) {
    const volumes = asArray(spec.volumes);
    const isDaemonSet = object.kind === 'DaemonSet';
    volumes.forEach((entry, i) => {
      const volume = asMap(entry);
      if (!volume || asMap(volume.hostPath) === undefined) return;
      const hostPath = asMap(volume.hostPath)?.path;
      const where = typeof hostPath === 'string' ? ` ${hostPath}` : '';
      const name = typeof volume.name === 'string' ? `"${volume.name}"` : `#${i + 1}`;
      report({
        path: [...specPath, 'volumes', i, 'hostPath'],
        at: 'key',
        severity: isDaemonSet ? 'info' : undefined,
        message: isDaemonSet
          ? `Volume ${name} mounts the host path${where}`
          : `Volume ${name} mounts the host path${where}: the pod reaches the node's file system`,
        advice: isDaemonSet
          ? 'Node agents may need it: keep it to the narrowest path and mount it readOnly.'
          : 'Use an emptyDir, ConfigMap, Secret or PersistentVolumeClaim instead.',
      });
    });
  },
});
