import { chartsNamed, defineChecklistItem, done, missing, valuesWhere } from '../item';

// Seed section 19 asks for cost visibility from tier 3 (tiers.md had Kubecost at tier 5): see docs/checklist.md.
export default defineChecklistItem({
  id: 't3-cost-visibility',
  tier: 3,
  title: 'Cost visibility (Kubecost or OpenCost)',
  criteria: 'The Kubecost cost-analyzer or OpenCost chart referenced, or their Helm values (kubecostProductConfigs, opencost:).',
  detect(workspace) {
    const evidence = [
      ...chartsNamed(workspace, /^(cost-analyzer|kubecost|opencost)$/),
      ...valuesWhere(workspace, 'cost allocation values', (values) => values.kubecostProductConfigs !== undefined || values.opencost !== undefined),
    ];
    return evidence.length > 0 ? done(evidence) : missing('No Kubecost or OpenCost chart or values found.');
  },
});
