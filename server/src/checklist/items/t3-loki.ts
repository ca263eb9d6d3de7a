import { chartsNamed, defineChecklistItem, done, missing, objectEvidence, valuesWhere } from '../item';

export default defineChecklistItem({
  id: 't3-loki',
  tier: 3,
  title: 'Loki + Promtail for log aggregation',
  criteria: 'Loki and Promtail, each as a chart reference, Helm values (loki:/promtail:) or manifests named loki/promtail.',
  detect(workspace) {
    const find = (name: string) => [
      ...chartsNamed(workspace, new RegExp(`^(${name}|${name}-stack|loki-stack)$`)),
      ...valuesWhere(workspace, `${name} values`, (values) => values[name] !== undefined),
      ...[...workspace.index.objects()].filter((object) => object.name !== undefined && object.name.includes(name) && ['Deployment', 'StatefulSet', 'DaemonSet'].includes(object.kind)).map(objectEvidence),
    ];
    const loki = find('loki');
    const promtail = find('promtail');
    if (loki.length > 0 && promtail.length > 0) return done([...loki, ...promtail]);
    return missing(`No ${loki.length === 0 ? 'Loki' : 'Promtail'} found.`, [...loki, ...promtail]);
  },
});
