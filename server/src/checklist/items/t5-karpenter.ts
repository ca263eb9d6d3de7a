import { defineChecklistItem, objectsOfKind, whenAll } from '../item';

export default defineChecklistItem({
  id: 't5-karpenter',
  tier: 5,
  title: 'Karpenter NodePool + EC2NodeClass (karpenter.sh/v1)',
  criteria: 'A karpenter.sh/v1 NodePool and its node class: a karpenter.k8s.aws EC2NodeClass, or on AKS a karpenter.azure.com AKSNodeClass.',
  snippet: 'k8s-t5-karpenter',
  detect: (workspace) =>
    whenAll([
      { objects: objectsOfKind(workspace, 'NodePool', 'karpenter.sh').filter((object) => object.apiVersion === 'karpenter.sh/v1'), what: 'karpenter.sh/v1 NodePool' },
      {
        objects: [...objectsOfKind(workspace, 'EC2NodeClass', 'karpenter.k8s.aws'), ...objectsOfKind(workspace, 'AKSNodeClass', 'karpenter.azure.com')],
        what: 'EC2NodeClass or AKSNodeClass',
      },
    ]),
});
