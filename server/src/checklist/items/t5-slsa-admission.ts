import { asArray, asMap, getPath } from '../../engine/kube/objects';
import { defineChecklistItem, whenAny } from '../item';

export default defineChecklistItem({
  id: 't5-slsa-admission',
  tier: 5,
  title: 'SLSA provenance verification at admission',
  criteria: 'A Kyverno policy with verifyImages entries that check attestations.',
  detect: (workspace) =>
    whenAny(
      [...workspace.index.objects()].filter(
        (object) =>
          object.group === 'kyverno.io' &&
          ['ClusterPolicy', 'Policy'].includes(object.kind) &&
          asArray(getPath(object.value, ['spec', 'rules'])).some((rule) =>
            asArray(asMap(rule)?.verifyImages).some((entry) => asArray(asMap(entry)?.attestations).length > 0),
          ),
      ),
      'No Kyverno verifyImages rule with attestations found.',
    ),
});
