import { asArray, asMap, canCreatePath, getPath, isWorkload, podTemplatePath, selectorMatches, stringMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import type { NodePath } from '../engine/types';

const KNOWN_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export default defineRule({
  id: 'selector-mismatch',
  title: "Workload selectors match their pod template's labels",
  category: 'validity',
  tiers: { 1: 'error' },
  rationale:
    "A workload owns the pods its selector matches: when the pod template's labels do not satisfy spec.selector, the API server rejects the object (`selector does not match template labels`).",
  remediation: "Give the pod template every label of spec.selector.matchLabels with the same value (the quick fix copies missing ones), and labels that satisfy its matchExpressions.",
  appliesTo: (object) => isWorkload(object) && object.kind !== 'Pod',
  skipPatches: true,
  check({ object, report }) {
    const templatePath = podTemplatePath(object);
    // A template that is absent (Rollout workloadRef) or not a map has no labels to compare.
    if (!templatePath || !asMap(getPath(object.value, templatePath))) return;
    const selectorPath: NodePath = [...templatePath.slice(0, -1), 'selector'];
    const selector = asMap(getPath(object.value, selectorPath));
    if (!selector) return;
    const labelsPath = [...templatePath, 'metadata', 'labels'];
    const labels = stringMap(getPath(object.value, labelsPath));
    // ReplicationController selectors are a plain label map.
    const structured = 'matchLabels' in selector || 'matchExpressions' in selector;
    const matchLabelsPath = structured ? [...selectorPath, 'matchLabels'] : selectorPath;
    for (const [key, value] of Object.entries(stringMap(getPath(object.value, matchLabelsPath)))) {
      if (labels[key] === value) continue;
      const conflict = key in labels;
      report({
        path: [...matchLabelsPath, key],
        message: conflict
          ? `Selector wants ${key}=${value} but the pod template labels it ${key}=${labels[key]}; the API server rejects it at every tier`
          : `Selector wants ${key}=${value} but the pod template has no ${key} label; the API server rejects it at every tier`,
        advice: conflict ? 'Make the two values equal.' : `Add ${key}: ${value} to the template's metadata.labels.`,
        // A conflicting value needs a decision (other selectors may use either), so only missing labels are copied.
        data: conflict || !canCreatePath(object.value, labelsPath) ? {} : { labelsPath, key, value },
      });
    }
    if (!structured) return;
    asArray(selector.matchExpressions).forEach((expression, i) => {
      const entry = asMap(expression);
      if (!entry || !KNOWN_OPERATORS.includes(entry.operator as string) || selectorMatches({ matchExpressions: [entry] }, labels)) return;
      report({
        path: [...selectorPath, 'matchExpressions', i],
        message: `Selector's matchExpressions entry (${String(entry.key)} ${String(entry.operator)}) does not match the pod template's labels; the API server rejects it at every tier`,
        advice: 'Change the template labels or the expression so they match.',
      });
    });
  },
  fix: {
    title: (data) => (typeof data.key === 'string' ? `Add label ${data.key}: ${String(data.value)} to the pod template` : 'Copy the selector labels into the pod template'),
    safe: true,
    operations: (_object, data) =>
      Array.isArray(data.labelsPath) && typeof data.key === 'string'
        ? [{ op: 'set', path: [...(data.labelsPath as (string | number)[]), data.key], value: data.value }]
        : [],
  },
});
