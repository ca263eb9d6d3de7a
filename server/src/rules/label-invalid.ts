import { asMap, getPath, isWorkload, podTemplatePath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import type { KubeObject } from '../engine/yaml/model';
import type { NodePath } from '../engine/types';
import { isPlaceholder, labelKeyProblem, labelValueProblem } from './support/syntax';

/** The label maps of an object the API server validates: its own labels, its pod template's, and its selector's. */
function labelMaps(object: KubeObject): NodePath[] {
  const paths: NodePath[] = [['metadata', 'labels']];
  const template = podTemplatePath(object);
  if (template && template.length > 0) paths.push([...template, 'metadata', 'labels']);
  const selector = asMap(getPath(object.value, ['spec', 'selector']));
  if (selector && (isWorkload(object) || object.kind === 'PodDisruptionBudget')) paths.push('matchLabels' in selector ? ['spec', 'selector', 'matchLabels'] : ['spec', 'selector']);
  else if (selector && object.kind === 'Service' && object.group === '') paths.push(['spec', 'selector']);
  return paths;
}

export default defineRule({
  id: 'label-invalid',
  title: 'Label keys and values are valid',
  category: 'validity',
  tiers: { 1: 'error' },
  rationale:
    'The API server rejects a label whose value is longer than 63 characters or holds characters other than letters, digits, "-", "_" and ".", and a key whose name part breaks the same rules or whose prefix is not a DNS subdomain. The schema only says "string", so these surface at apply time (often from a version string or a branch name pasted into a label).',
  remediation: 'Shorten the value to 63 characters, replace other characters (such as "/", "+", ":" or spaces) with "-" or ".", and start and end with a letter or digit; put long or free-form text in an annotation.',
  skipPatches: true,
  check({ object, report }) {
    for (const mapPath of labelMaps(object)) {
      for (const [key, value] of Object.entries(asMap(getPath(object.value, mapPath)) ?? {})) {
        if (isPlaceholder(object, key)) continue;
        const keyProblem = labelKeyProblem(key);
        const path = [...mapPath, key];
        if (keyProblem) {
          report({ path, at: 'key', message: `Label key "${key}" ${keyProblem}: the API server rejects it`, advice: 'Rename the key.' });
          continue;
        }
        // A non-string value is schema-validation's finding.
        if (typeof value !== 'string' || isPlaceholder(object, value)) continue;
        const valueProblem = labelValueProblem(value);
        if (valueProblem) {
          const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
          report({ path, message: `Label value "${shown}" of ${key} ${valueProblem}: the API server rejects it`, advice: 'Change the value, or move it to an annotation.' });
        }
      }
    }
  },
});
