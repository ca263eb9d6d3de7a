import { getPath } from '../../engine/kube/objects';
import { defineChecklistItem, done, missing, objectEvidence, objectsOfKind } from '../item';

export default defineChecklistItem({
  id: 't4-velero-cross-region',
  tier: 4,
  title: 'Cross-region Velero backup/restore',
  criteria: 'Velero BackupStorageLocations in two or more regions (spec.config.region).',
  detect(workspace) {
    const locations = objectsOfKind(workspace, 'BackupStorageLocation', 'velero.io');
    const regions = new Set(locations.map((object) => getPath(object.value, ['spec', 'config', 'region'])).filter((region) => typeof region === 'string'));
    return regions.size >= 2
      ? done(locations.map(objectEvidence))
      : missing(`Backup locations cover ${regions.size} region${regions.size === 1 ? '' : 's'}; a second region is needed.`, locations.map(objectEvidence));
  },
});
