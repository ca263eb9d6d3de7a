import { defineChecklistItem, objectsOfKind, whenAll } from '../item';

const GROUP = 'gateway.networking.k8s.io';

export default defineChecklistItem({
  id: 't3-gateway-api',
  tier: 3,
  title: 'Gateway API (Gateway + HTTPRoute)',
  criteria: 'A gateway.networking.k8s.io Gateway and an HTTPRoute.',
  snippet: 'k8s-t3-gateway',
  detect: (workspace) =>
    whenAll([
      { objects: objectsOfKind(workspace, 'Gateway', GROUP), what: 'Gateway' },
      { objects: objectsOfKind(workspace, 'HTTPRoute', GROUP), what: 'HTTPRoute' },
    ]),
});
