import { concreteImage, isDigestPinned, parseImage, type ImageReference } from '../engine/kube/image';
import { containers } from '../engine/kube/objects';
import { builtImages } from '../engine/workspace/kustomize';
import { defineRule } from '../engine/lint/rule';

/** A digest fixes the content whatever the tag says; otherwise a tag other than latest does. */
function namesVersion(reference: ImageReference): boolean {
  return isDigestPinned(reference) || (reference.tag !== undefined && reference.tag !== 'latest');
}

export default defineRule({
  id: 'image-tag-latest',
  title: 'Images name a version tag',
  category: 'images',
  tiers: { 1: 'info', 2: 'warning' },
  rationale:
    'An image without a tag means :latest, and :latest changes under you: two nodes can run different code, a restart can upgrade silently, and a rollback has nothing to roll back to.',
  remediation: 'Name an immutable version tag (nginx:1.27.3), or pin the image by digest (@sha256:...). A Kustomize `images:` entry that sets newTag or digest counts for the files its build includes.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, index, report }) {
    for (const container of containers(object)) {
      const image = concreteImage(container.value.image);
      if (!image) continue;
      // A Kustomize build that sets the tag or digest (`images:`) deploys that instead.
      if (builtImages(index.layout, object.file.path, image).some((built) => namesVersion(parseImage(built)))) continue;
      const reference = parseImage(image);
      const problem = reference.tag === undefined ? `has no tag, so it pulls whatever "latest" is at the time` : `uses the moving "latest" tag`;
      report({
        path: [...container.path, 'image'],
        message: `Image "${image}" ${problem}`,
        advice: `Name a version tag (${reference.name}:<version>) or pin a digest.`,
        container: container.name,
      });
    }
  },
});
