import { asArray, asMap, containers, getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import type { KubeObject, PlainMap } from '../engine/yaml/model';

/** Words of a volume name or mount path that say the data is meant to last. */
const DATA_WORDS = /(^|[-_./])(data|db|database|databases|datadir|storage|persistence|persistent|pgdata)($|[-_./])/i;

/** Words that say a volume is scratch space (in a StatefulSet, next to its real data). */
const SCRATCH_WORDS = /(^|[-_./])(tmp|temp|cache|scratch|run|sock|socket|shm|log|logs|config|conf|plugins|bin|tools|home|empty)($|[-_./])/i;

/** The paths the pod's containers mount a volume at. */
function mountPaths(object: KubeObject, volume: string): string[] {
  return containers(object).flatMap((container) =>
    asArray(container.value.volumeMounts)
      .map(asMap)
      .filter((mount): mount is PlainMap => mount?.name === volume && typeof mount.mountPath === 'string')
      .map((mount) => mount.mountPath as string),
  );
}

/** Why an emptyDir looks like it holds data that must outlive the pod, or undefined. */
function persistentReason(object: KubeObject, name: string, emptyDir: PlainMap): string | undefined {
  const paths = mountPaths(object, name);
  const dataPath = paths.find((path) => DATA_WORDS.test(path));
  if (DATA_WORDS.test(name)) return `it is named like data${dataPath ? ` (mounted at ${dataPath})` : ''}`;
  if (dataPath) return `it is mounted at ${dataPath}, a data path`;
  // A StatefulSet without claim templates keeps its state here, unless the volume is scratch space or memory.
  const statefulWithoutClaims = object.kind === 'StatefulSet' && asArray(getPath(object.value, ['spec', 'volumeClaimTemplates'])).length === 0;
  const scratch = SCRATCH_WORDS.test(name) || paths.some((path) => SCRATCH_WORDS.test(path)) || emptyDir.medium === 'Memory';
  if (statefulWithoutClaims && !scratch && paths.length > 0) return 'it is the storage of a StatefulSet that has no volumeClaimTemplates';
  return undefined;
}

export default defineRule({
  id: 'emptydir-persistent-data',
  title: 'Persistent data is not kept in emptyDir',
  category: 'availability',
  tiers: { 1: 'info', 2: 'warning' },
  rationale:
    'An emptyDir lives and dies with its pod: a reschedule, node drain or eviction deletes it. A database or queue that keeps its data there loses it on the next rollout.',
  remediation: 'Keep data in a PersistentVolumeClaim (volumeClaimTemplates in a StatefulSet); keep emptyDir for caches and scratch space, and name it so (cache, tmp, scratch).',
  skipPatches: true,
  tierNote: true,
  checkPod({ object, pod, report }) {
    asArray(pod.spec.volumes).forEach((entry, i) => {
      const volume = asMap(entry);
      const emptyDir = asMap(volume?.emptyDir) ?? (volume && 'emptyDir' in volume && volume.emptyDir === null ? {} : undefined);
      if (!volume || !emptyDir || typeof volume.name !== 'string') return;
      const reason = persistentReason(object, volume.name, emptyDir);
      if (!reason) return;
      report({
        path: [...pod.path, 'volumes', i, 'emptyDir'],
        at: 'key',
        message: `Volume "${volume.name}" is an emptyDir but ${reason}: its content is lost whenever the pod is rescheduled`,
        advice: 'Use a PersistentVolumeClaim (volumeClaimTemplates in a StatefulSet), or rename the volume if it is scratch space.',
      });
    });
  },
});
