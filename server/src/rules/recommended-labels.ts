import { parseImage } from '../engine/kube/image';
import { asMap, containers, getPath, stringMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

const NAME = 'app.kubernetes.io/name';
const VERSION = 'app.kubernetes.io/version';
const COMPONENT = 'app.kubernetes.io/component';

/** The tag of an image reference ("nginx:1.27@sha256:..." -> "1.27"); undefined for none or latest. */
function imageTag(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  const { tag } = parseImage(image);
  return tag && tag !== 'latest' && /^[\w][\w.-]{0,127}$/.test(tag) ? tag : undefined;
}

export default defineRule({
  id: 'recommended-labels',
  title: 'Workloads carry the recommended app labels',
  category: 'metadata',
  tiers: { 2: 'info', 3: 'warning' },
  rationale:
    'app.kubernetes.io/name, version and component let dashboards, cost reports, policies and people group and trace workloads across teams and tools.',
  remediation: 'Add app.kubernetes.io/name, app.kubernetes.io/version and app.kubernetes.io/component to metadata.labels.',
  appliesTo: 'pod-bearing',
  tierNote: true,
  check({ object, report }) {
    const labels = stringMap(getPath(object.value, ['metadata', 'labels']));
    const missing = [NAME, VERSION, COMPONENT].filter((label) => !(label in labels));
    if (missing.length === 0) return;
    const first = containers(object, ['containers'])[0];
    report({
      path: asMap(getPath(object.value, ['metadata', 'labels'])) ? ['metadata', 'labels'] : ['metadata', 'name'],
      message: `Lacks ${missing.join(', ')}`,
      advice: 'Add them to metadata.labels.',
      data: { missing, version: imageTag(first?.value.image), component: first?.name },
    });
  },
  fix: {
    title: 'Add the recommended labels',
    safe: true,
    operations: (object, data) => {
      // Without an image tag there is no honest version to write: offer nothing rather than a placeholder.
      const values: Record<string, unknown> = { [NAME]: object.name, [VERSION]: data.version, [COMPONENT]: data.component };
      const missing = (data.missing as string[] | undefined) ?? [];
      if (missing.some((label) => typeof values[label] !== 'string')) return [];
      return missing.map((label) => ({ op: 'set' as const, path: ['metadata', 'labels', label], value: values[label] }));
    },
  },
});
