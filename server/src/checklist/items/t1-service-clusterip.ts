import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't1-service-clusterip',
  tier: 1,
  title: 'Service (ClusterIP)',
  criteria: 'A Service of type ClusterIP (the default type).',
  snippet: 'k8s-t1-service',
  detect(workspace) {
    const services = objectsOfKind(workspace, 'Service', '').filter((object) => {
      const type = (object.value.spec as { type?: unknown } | undefined)?.type;
      return type === undefined || type === 'ClusterIP';
    });
    return whenAny(services, 'No ClusterIP Service found.');
  },
});
