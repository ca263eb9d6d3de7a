import { namespaceSubjects, objectsInNamespace } from './support/crossref';
import { computeQuota, defaultLimitRange } from '../builders';
import { requirementNote } from '../engine/lint/messages';
import type { FixOperation } from '../engine/lint/rule';
import { defineRule } from '../engine/lint/rule';
import { SYSTEM_NAMESPACES } from '../engine/workspace/scope';

const rule = defineRule({
  id: 'namespace-quota',
  title: 'Namespaces have a ResourceQuota and a LimitRange',
  category: 'namespaces',
  tiers: { 2: 'warning' },
  rationale:
    'Without a ResourceQuota one team or one runaway deployment can take the whole cluster; without a LimitRange containers that set no resources get none and are evicted first.',
  remediation: 'Add a ResourceQuota and a LimitRange to every namespace the workspace declares or deploys into.',
  workspace: {
    silencedBy:
      'system namespaces (default, kube-system, kube-public, kube-node-lease) unless declared; a Helm template declaring a quota or limit range with a templated namespace; a Kustomize build with a remote base, Helm chart or unused Component',
  },
  check({ object, index, report }) {
    for (const subject of namespaceSubjects(index, object, SYSTEM_NAMESPACES)) {
      const missing = ['ResourceQuota', 'LimitRange'].filter((kind) => objectsInNamespace(index, subject.namespace, [kind]).length === 0);
      if (missing.length === 0 || index.openReason(object)) continue;
      const declared = object.kind === 'Namespace' ? 'Namespace' : 'The namespace';
      report({
        path: subject.path,
        message: `${declared} "${subject.namespace}" has no ${missing.join(' and no ')}: nothing bounds what its workloads consume${requirementNote(rule.tiers)}. Add ${missing.length === 2 ? 'both' : `a ${missing[0]}`}.`,
        data: { namespace: subject.namespace, missing },
        related: ['ResourceQuota', 'LimitRange']
          .filter((kind) => !missing.includes(kind))
          .flatMap((kind) => objectsInNamespace(index, subject.namespace, [kind]))
          .map((present) => ({ object: present, path: ['metadata', 'name'], message: `${present.kind} "${present.name ?? ''}" is there` })),
      });
    }
  },
  fix: {
    title: 'Create a ResourceQuota and a LimitRange',
    safe: false,
    operations: (_object, data) => {
      const namespace = typeof data.namespace === 'string' ? data.namespace : undefined;
      const missing = Array.isArray(data.missing) ? data.missing : [];
      if (!namespace) return [];
      const operations: FixOperation[] = [];
      if (missing.includes('ResourceQuota')) operations.push({ op: 'addDocument', value: computeQuota(namespace) });
      if (missing.includes('LimitRange')) operations.push({ op: 'addDocument', value: defaultLimitRange(namespace) });
      return operations;
    },
  },
});

export default rule;
