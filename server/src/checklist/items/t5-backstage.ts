import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't5-backstage',
  tier: 5,
  title: 'Platform API (Backstage scaffolder Template)',
  criteria: 'A scaffolder.backstage.io Template.',
  detect: (workspace) => whenAny(objectsOfKind(workspace, 'Template', 'scaffolder.backstage.io'), 'No Backstage scaffolder Template found.'),
});
