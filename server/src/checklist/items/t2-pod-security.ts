import { getPath, stringMap } from '../../engine/kube/objects';
import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't2-pod-security',
  tier: 2,
  title: 'Namespace labelled pod-security.kubernetes.io/enforce: restricted',
  criteria: 'A Namespace with the label pod-security.kubernetes.io/enforce: restricted.',
  snippet: 'k8s-t1-namespace',
  detect: (workspace) =>
    whenAny(
      objectsOfKind(workspace, 'Namespace', '').filter(
        (object) => stringMap(getPath(object.value, ['metadata', 'labels']))['pod-security.kubernetes.io/enforce'] === 'restricted',
      ),
      'No Namespace enforces the restricted Pod Security Standard.',
    ),
});
