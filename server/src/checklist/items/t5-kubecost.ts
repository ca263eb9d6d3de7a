import { chartsNamed, defineChecklistItem, done, missing, valuesWhere } from '../item';

export default defineChecklistItem({
  id: 't5-kubecost',
  tier: 5,
  title: 'Kubecost integration',
  criteria: 'The Kubecost cost-analyzer chart referenced, or Kubecost Helm values (kubecostProductConfigs).',
  detect(workspace) {
    const evidence = [
      ...chartsNamed(workspace, /^(cost-analyzer|kubecost)$/),
      ...valuesWhere(workspace, 'Kubecost values', (values) => values.kubecostProductConfigs !== undefined),
    ];
    return evidence.length > 0 ? done(evidence) : missing('No Kubecost chart or values found.');
  },
});
