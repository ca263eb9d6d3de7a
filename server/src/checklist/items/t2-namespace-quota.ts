import { defineChecklistItem, done, missing, namespaceOf, objectEvidence, objectsOfKind } from '../item';

export default defineChecklistItem({
  id: 't2-namespace-quota',
  tier: 2,
  title: 'Namespace with ResourceQuota and LimitRange',
  criteria: 'A Namespace that holds both a ResourceQuota and a LimitRange.',
  snippet: 'k8s-t2-quota',
  detect(workspace) {
    const quotas = objectsOfKind(workspace, 'ResourceQuota', '');
    const limits = objectsOfKind(workspace, 'LimitRange', '');
    const evidence = objectsOfKind(workspace, 'Namespace', '').flatMap((namespace) => {
      const quota = quotas.filter((object) => namespaceOf(object) === namespace.name);
      const limit = limits.filter((object) => namespaceOf(object) === namespace.name);
      return quota.length > 0 && limit.length > 0 ? [namespace, ...quota, ...limit].map(objectEvidence) : [];
    });
    return evidence.length > 0 ? done(evidence) : missing('No Namespace has both a ResourceQuota and a LimitRange.');
  },
});
