import { chartsNamed, defineChecklistItem, done, missing, objectEvidence, valuesWhere } from '../item';

export default defineChecklistItem({
  id: 't5-vcluster',
  tier: 5,
  title: 'Virtual clusters (vcluster)',
  criteria: 'The vcluster chart referenced, vcluster values (controlPlane/sync sections in a vcluster*.yaml), or a VirtualClusterInstance.',
  detect(workspace) {
    const evidence = [
      ...chartsNamed(workspace, /^vcluster/),
      ...valuesWhere(workspace, 'vcluster values', (values) => values.controlPlane !== undefined && values.sync !== undefined),
      ...[...workspace.index.objects()].filter((object) => /^VirtualCluster/.test(object.kind)).map(objectEvidence),
    ];
    return evidence.length > 0 ? done(evidence) : missing('No vcluster configuration found.');
  },
});
