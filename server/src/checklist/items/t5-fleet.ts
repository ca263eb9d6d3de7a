import { defineChecklistItem, whenAny } from '../item';

export default defineChecklistItem({
  id: 't5-fleet',
  tier: 5,
  title: 'Fleet management configuration',
  criteria: 'A Rancher Fleet GitRepo or Bundle (fleet.cattle.io), or a GKE Fleet membership/feature (gkehub.cnrm.cloud.google.com).',
  detect: (workspace) =>
    whenAny(
      [...workspace.index.objects()].filter(
        (object) => (object.group === 'fleet.cattle.io' && ['GitRepo', 'Bundle'].includes(object.kind)) || object.group === 'gkehub.cnrm.cloud.google.com',
      ),
      'No Rancher Fleet GitRepo/Bundle or GKE Fleet object found.',
    ),
});
