import { concreteImage, isDigestPinned, parseImage } from '../engine/kube/image';
import { containers } from '../engine/kube/objects';
import { builtImages } from '../engine/workspace/kustomize';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'image-digest',
  title: 'Images are pinned by digest',
  category: 'images',
  tiers: { 3: 'warning' },
  rationale:
    'A tag can be pushed again; only a digest names exact bytes. Pinning by digest makes every node run what was scanned and signed, and keeps a compromised registry from swapping the image.',
  remediation: 'Reference the image as name:tag@sha256:<digest> (crane digest, docker buildx imagetools inspect, or let Renovate/Flux pin it). A Kustomize `images:` entry with a digest counts for the files its build includes.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, index, report }) {
    for (const container of containers(object)) {
      const image = concreteImage(container.value.image);
      if (!image || builtImages(index.layout, object.file.path, image).some((built) => isDigestPinned(parseImage(built)))) continue;
      report({
        path: [...container.path, 'image'],
        message: `Image "${image}" is not pinned by digest`,
        advice: 'Append @sha256:<digest> of the image you tested.',
        container: container.name,
      });
    }
  },
});
