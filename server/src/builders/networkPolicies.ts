// NetworkPolicies kubetier writes: a namespace's default deny and the allows that make it livable.
import { objectMeta, withLabels, type Labels, type Manifest } from './metadata';

function networkPolicy(name: string, namespace: string | undefined, spec: Manifest, labels?: Labels): Manifest {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: objectMeta(name, namespace, withLabels(labels)), spec };
}

/** Denies all ingress and egress of every pod in the namespace. */
export function defaultDenyPolicy(namespace: string | undefined): Manifest {
  return networkPolicy('default-deny-all', namespace, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
}

/** Lets every pod of the namespace resolve names through kube-dns (UDP and TCP 53). */
export function dnsEgressPolicy(namespace: string | undefined): Manifest {
  return networkPolicy('allow-dns-egress', namespace, {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      {
        to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ],
  });
}

/** Lets the namespace's pods talk to each other (platform controllers do). */
export function sameNamespaceIngressPolicy(namespace: string): Manifest {
  return networkPolicy('allow-same-namespace', namespace, { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
}

/** Lets the namespace's pods reach the API server and Git over TLS. */
export function httpsEgressPolicy(namespace: string): Manifest {
  return networkPolicy('allow-https-egress', namespace, {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{ ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }],
  });
}

export interface IngressAllow {
  name: string;
  namespace: string;
  labels?: Labels;
  /** The pods it opens (matchLabels). */
  podLabels: Labels;
  /** Namespaces allowed in, by their kubernetes.io/metadata.name label. */
  fromNamespaces: readonly string[];
  port: number;
}

/** Opens one TCP port of some pods to the pods of some namespaces (an ingress controller, monitoring). */
export function ingressAllowPolicy(allow: IngressAllow): Manifest {
  return networkPolicy(
    allow.name,
    allow.namespace,
    {
      podSelector: { matchLabels: allow.podLabels },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: allow.fromNamespaces.map((namespace) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } })),
          ports: [{ protocol: 'TCP', port: allow.port }],
        },
      ],
    },
    allow.labels,
  );
}
