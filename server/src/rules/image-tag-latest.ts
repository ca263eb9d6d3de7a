import { concreteImage, isDigestPinned, parseImage } from '../engine/image';
import { containers, describeObject, isWorkload } from '../engine/kube';
import { requirementNote } from '../engine/messages';
import { defineRule } from '../engine/rule';

const rule = defineRule({
  id: 'image-tag-latest',
  title: 'Images name a version tag',
  category: 'images',
  tiers: { 1: 'info', 2: 'warning' },
  rationale:
    'An image without a tag means :latest, and :latest changes under you: two nodes can run different code, a restart can upgrade silently, and a rollback has nothing to roll back to.',
  remediation: 'Name an immutable version tag (nginx:1.27.3), or pin the image by digest (@sha256:...).',
  appliesTo: isWorkload,
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    for (const container of containers(object)) {
      const image = concreteImage(container.value.image);
      if (!image) continue;
      const reference = parseImage(image);
      // A digest fixes the content whatever the tag says.
      if (isDigestPinned(reference) || (reference.tag !== undefined && reference.tag !== 'latest')) continue;
      const problem = reference.tag === undefined ? `has no tag, so it pulls whatever "latest" is at the time` : `uses the moving "latest" tag`;
      report({
        path: [...container.path, 'image'],
        message: `${describeObject(object)}: container "${container.name}" image "${image}" ${problem}${requirementNote(rule.tiers)}. Name a version tag (${reference.name}:<version>) or pin a digest.`,
      });
    }
  },
});

export default rule;
