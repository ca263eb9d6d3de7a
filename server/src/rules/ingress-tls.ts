import { asArray, asMap, getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

const ISSUER_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

/** The hosts of an Ingress's rules, in order, without duplicates. */
function ruleHosts(value: Record<string, unknown>): string[] {
  const hosts = asArray(getPath(value, ['spec', 'rules'])).map((rule) => asMap(rule)?.host);
  return [...new Set(hosts.filter((host): host is string => typeof host === 'string' && host !== ''))];
}

export default defineRule({
  id: 'ingress-tls',
  title: 'Ingresses terminate TLS',
  category: 'networking',
  tiers: { 2: 'warning' },
  rationale: 'Without spec.tls the Ingress serves plain HTTP: credentials and session cookies cross the network in clear text.',
  remediation: 'Add spec.tls for the rule hosts with a secretName, and a cert-manager issuer annotation so the certificate is issued and renewed.',
  appliesTo: (object) => object.kind === 'Ingress' && (object.group === 'networking.k8s.io' || object.group === 'extensions'),
  tierNote: true,
  check({ object, report }) {
    if (asArray(getPath(object.value, ['spec', 'tls'])).length > 0) return;
    const hosts = ruleHosts(object.value);
    report({
      path: ['spec'],
      message: `Serves ${hosts.length > 0 ? hosts.join(', ') : 'its routes'} over plain HTTP`,
      advice: 'Add spec.tls and a cert-manager issuer annotation.',
      data: { hosts },
    });
  },
  fix: {
    title: 'Add TLS with a cert-manager issuer',
    safe: true,
    operations: (object, data) => {
      const hosts = (data.hosts as string[] | undefined) ?? [];
      if (hosts.length === 0) return [];
      const annotations = asMap(getPath(object.value, ['metadata', 'annotations'])) ?? {};
      const hasIssuer = ISSUER_ANNOTATIONS.some((key) => key in annotations);
      return [
        ...(hasIssuer ? [] : [{ op: 'set' as const, path: ['metadata', 'annotations', 'cert-manager.io/cluster-issuer'], value: 'letsencrypt-prod' }]),
        { op: 'set' as const, path: ['spec', 'tls'], value: [{ hosts, secretName: `${object.name ?? 'ingress'}-tls` }] },
      ];
    },
  },
});
