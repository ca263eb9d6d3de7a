// Every object kubetier writes, built in one place: fixes (addDocument), the bundle generator and the
// snippets (test/unit/snippets-builders.test.ts checks each snippet expands to what a builder builds).
// Pure functions returning plain objects; no YAML text, no I/O.
export { developerAccess } from './rbac';
export { sealedSecret } from './secrets';
export { horizontalPodAutoscaler, podDisruptionBudget, type Autoscaler, type DisruptionBudget } from './availability';
export { objectMeta, withLabels, type Labels, type Manifest } from './metadata';
export { serviceMonitor, type Monitor } from './monitoring';
export { computeQuota, defaultLimitRange, namespaceWithPodSecurity } from './namespaces';
export { defaultDenyPolicy, dnsEgressPolicy, httpsEgressPolicy, ingressAllowPolicy, sameNamespaceIngressPolicy, type IngressAllow } from './networkPolicies';
