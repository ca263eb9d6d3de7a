import { defineChecklistItem, objectsOfKind, whenAll } from '../item';

const GROUP = 'apiextensions.crossplane.io';

export default defineChecklistItem({
  id: 't5-crossplane',
  tier: 5,
  title: 'Crossplane compositions',
  criteria: 'A Crossplane Composition and a CompositeResourceDefinition.',
  detect: (workspace) =>
    whenAll([
      { objects: objectsOfKind(workspace, 'Composition', GROUP), what: 'Composition' },
      { objects: objectsOfKind(workspace, 'CompositeResourceDefinition', GROUP), what: 'CompositeResourceDefinition' },
    ]),
});
