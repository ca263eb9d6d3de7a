import { asArray, asMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

const READ_VERBS = new Set(['get', 'list', 'watch']);

export default defineRule({
  id: 'rbac-wildcard',
  title: 'RBAC rules name their verbs and resources',
  category: 'rbac',
  tiers: { 2: 'warning' },
  severityNote: 'a wildcard resource or group with read-only verbs is information only',
  rationale: 'A `*` grants everything that exists now and every resource or verb added later, including secrets and escalation paths.',
  remediation: 'List the API groups, resources and verbs the subject needs instead of `*`.',
  appliesTo: (object) => (object.kind === 'Role' || object.kind === 'ClusterRole') && object.group === 'rbac.authorization.k8s.io',
  check({ object, report }) {
    asArray(object.value.rules).forEach((entry, i) => {
      const rule = asMap(entry);
      if (!rule) return;
      const verbs = asArray(rule.verbs).map(String);
      const wildVerb = verbs.indexOf('*');
      if (wildVerb !== -1) {
        report({ path: ['rules', i, 'verbs', wildVerb], message: `Rule ${i + 1} allows every verb (\`*\`)`, advice: 'List the verbs it needs.' });
        return;
      }
      const readOnly = verbs.every((verb) => READ_VERBS.has(verb));
      for (const field of ['resources', 'apiGroups']) {
        const index = asArray(rule[field]).map(String).indexOf('*');
        if (index === -1) continue;
        report({
          path: ['rules', i, field, index],
          severity: readOnly ? 'info' : undefined,
          message: readOnly
            ? `Rule ${i + 1} can read every ${field === 'resources' ? 'resource' : 'API group'} (\`*\`), secrets included`
            : `Rule ${i + 1} can ${verbs.join(', ')} every ${field === 'resources' ? 'resource' : 'API group'} (\`*\`)`,
          advice: readOnly ? 'Name what it reads.' : `Name the ${field} it needs.`,
        });
      }
    });
  },
});
