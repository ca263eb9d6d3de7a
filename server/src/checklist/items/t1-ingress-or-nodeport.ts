import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't1-ingress-or-nodeport',
  tier: 1,
  title: 'Basic Ingress or NodePort Service',
  criteria: 'An Ingress, or a Service of type NodePort.',
  snippet: 'k8s-t1-ingress',
  detect: (workspace) =>
    whenAny(
      [
        ...objectsOfKind(workspace, 'Ingress'),
        ...objectsOfKind(workspace, 'Service', '').filter(
          (object) => (object.value.spec as { type?: unknown } | undefined)?.type === 'NodePort',
        ),
      ],
      'No Ingress or NodePort Service found.',
    ),
});
