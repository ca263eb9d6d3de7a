import { defineChecklistItem, done, missing, objectEvidence, objectsOfKind } from '../item';

export default defineChecklistItem({
  id: 't3-multi-namespace',
  tier: 3,
  title: 'Multi-namespace strategy (2+ namespaces)',
  criteria: 'Two or more Namespace objects (per team or per environment).',
  snippet: 'k8s-t1-namespace',
  detect(workspace) {
    const namespaces = objectsOfKind(workspace, 'Namespace', '');
    const names = new Set(namespaces.map((object) => object.name));
    return names.size >= 2
      ? done(namespaces.map(objectEvidence))
      : missing(`${names.size} Namespace${names.size === 1 ? '' : 's'} defined; a multi-namespace strategy needs at least 2.`, namespaces.map(objectEvidence));
  },
});
