import { asArray, asMap, getPath } from '../../engine/kube/objects';
import { defineChecklistItem, whenAny } from '../item';

// Seed section 19: "Image verification (Tier 3+)": signatures checked at admission. Provenance
// attestations (t5-slsa-admission) build on it at tier 5.
export default defineChecklistItem({
  id: 't3-image-verification',
  tier: 3,
  title: 'Image signatures verified at admission',
  criteria: 'A Kyverno policy with a verifyImages rule naming attestors (or keys), or a Sigstore policy-controller ClusterImagePolicy.',
  detect: (workspace) =>
    whenAny(
      [...workspace.index.objects()].filter(
        (object) =>
          (object.group === 'policy.sigstore.dev' && object.kind === 'ClusterImagePolicy') ||
          (object.group === 'kyverno.io' &&
            ['ClusterPolicy', 'Policy'].includes(object.kind) &&
            asArray(getPath(object.value, ['spec', 'rules'])).some((rule) => asArray(asMap(rule)?.verifyImages).some((entry) => asArray(asMap(entry)?.attestors).length > 0))),
      ),
      'No Kyverno verifyImages rule with attestors, or Sigstore ClusterImagePolicy, found.',
    ),
});
