import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't5-tetragon',
  tier: 5,
  title: 'eBPF runtime security (Tetragon)',
  criteria: 'A cilium.io TracingPolicy or TracingPolicyNamespaced.',
  detect: (workspace) =>
    whenAny(
      [...objectsOfKind(workspace, 'TracingPolicy', 'cilium.io'), ...objectsOfKind(workspace, 'TracingPolicyNamespaced', 'cilium.io')],
      'No Tetragon TracingPolicy found.',
    ),
});
