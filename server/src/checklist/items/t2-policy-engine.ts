import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't2-policy-engine',
  tier: 2,
  title: 'Kyverno or OPA Gatekeeper policies',
  criteria: 'A Kyverno ClusterPolicy/Policy or an OPA Gatekeeper ConstraintTemplate.',
  snippet: 'k8s-t3-kyverno',
  detect: (workspace) =>
    whenAny(
      [
        ...objectsOfKind(workspace, 'ClusterPolicy', 'kyverno.io'),
        ...objectsOfKind(workspace, 'Policy', 'kyverno.io'),
        ...objectsOfKind(workspace, 'ConstraintTemplate', 'templates.gatekeeper.sh'),
      ],
      'No Kyverno policy or Gatekeeper ConstraintTemplate found.',
    ),
});
