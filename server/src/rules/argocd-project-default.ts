import { getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'argocd-project-default',
  title: 'Argo CD Applications have their own project',
  category: 'platform',
  tiers: { 3: 'info' },
  rationale:
    'The default AppProject allows any source repository and any destination cluster and namespace; per-team projects are how Argo CD enforces who may deploy what, where.',
  remediation: 'Create an AppProject for the team with its allowed sources and destinations and set spec.project to it.',
  appliesTo: (object) => object.kind === 'Application' && object.group === 'argoproj.io',
  check({ object, report }) {
    if (getPath(object.value, ['spec', 'project']) !== 'default') return;
    report({
      path: ['spec', 'project'],
      message: 'Uses the unrestricted "default" project; tier 3 (Enterprise) scopes teams with their own AppProject',
    });
  },
});
