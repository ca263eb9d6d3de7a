import { asArray, asMap, containers } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'duplicate-env-var',
  title: 'Containers define each environment variable once',
  category: 'validity',
  tiers: { 1: 'warning' },
  rationale:
    'When a container lists an environment variable twice, the last definition silently wins (the API server only warns "hides previous definition"): an edit to the first one has no effect, and a merge or patch that appends a variable can override a value without anyone noticing.',
  remediation: 'Keep one definition of each name in env (values from envFrom are overridden by env on purpose and are not reported).',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  check({ object, report }) {
    for (const container of containers(object)) {
      const first = new Map<string, number>();
      asArray(container.value.env).forEach((entry, i) => {
        const name = asMap(entry)?.name;
        if (typeof name !== 'string' || name === '') return;
        const earlier = first.get(name);
        if (earlier === undefined) {
          first.set(name, i);
          return;
        }
        report({
          path: [...container.path, 'env', i, 'name'],
          message: `Environment variable ${name} is defined again (first at env[${earlier}]): this later definition silently wins`,
          advice: 'Remove one of the two definitions.',
          container: container.name,
          related: [{ object, path: [...container.path, 'env', earlier, 'name'], message: `First definition of ${name}` }],
        });
      });
    }
  },
});
