import { containers } from '../../engine/kube/objects';
import { defineChecklistItem, missing, objectEvidence, objectsOfKind, done } from '../item';

/** Every container has cpu and memory requests and a memory limit (what the resource rules ask). */
function fullyResourced(resources: unknown): boolean {
  const map = (resources ?? {}) as { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  return Boolean(map.requests?.cpu !== undefined && map.requests?.memory !== undefined && map.limits?.memory !== undefined);
}

export default defineChecklistItem({
  id: 't1-deployment-resources',
  tier: 1,
  title: 'Deployment with resource requests/limits',
  criteria: 'A Deployment whose every container sets cpu and memory requests and a memory limit.',
  snippet: 'k8s-t1-deployment',
  detect(workspace) {
    const deployments = objectsOfKind(workspace, 'Deployment', 'apps');
    const complete = deployments.filter((object) => {
      const list = containers(object);
      return list.length > 0 && list.every((container) => fullyResourced(container.value.resources));
    });
    if (complete.length > 0) return done(complete.map(objectEvidence));
    return deployments.length === 0
      ? missing('No Deployment found.')
      : missing('No Deployment sets requests and limits on every container.', deployments.map(objectEvidence));
  },
});
