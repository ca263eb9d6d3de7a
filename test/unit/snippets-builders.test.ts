// The snippets of objects kubetier also writes (fixes, bundle generator) insert exactly what the object
// builders (server/src/builders) build: left at their defaults, and with a name typed into the first stop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  computeQuota,
  defaultDenyPolicy,
  defaultLimitRange,
  developerAccess,
  dnsEgressPolicy,
  horizontalPodAutoscaler,
  ingressAllowPolicy,
  namespaceWithPodSecurity,
  podDisruptionBudget,
  sealedSecret,
  serviceMonitor,
  type Manifest,
} from '../../server/src/builders';
import { expandWithDefaults, snippets } from '../support/snippets';

/** Per snippet: the objects the builders make for the name in its first tab stop. */
const BUILT_BY: Record<string, (name: string) => Manifest[]> = {
  'k8s-t1-namespace': (name) => [namespaceWithPodSecurity(name)],
  'k8s-t2-netpol': (namespace) => [
    defaultDenyPolicy(namespace),
    dnsEgressPolicy(namespace),
    ingressAllowPolicy({ name: 'app-allow-http', namespace, podLabels: { 'app.kubernetes.io/name': 'app' }, fromNamespaces: ['ingress-nginx'], port: 8080 }),
  ],
  'k8s-t2-quota': (namespace) => [computeQuota(namespace), defaultLimitRange(namespace)],
  'k8s-t2-pdb': (name) => [podDisruptionBudget({ name, namespace: name, budget: { maxUnavailable: 1 }, podLabels: { 'app.kubernetes.io/name': name } })],
  'k8s-t2-hpa': (name) => [horizontalPodAutoscaler({ name, namespace: name, target: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 3, maxReplicas: 10 })],
  'k8s-t2-servicemonitor': (name) => [
    serviceMonitor({ name, namespace: name, labels: { release: 'kube-prometheus-stack' }, serviceLabels: { 'app.kubernetes.io/name': name }, endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] }),
  ],
  'k8s-t2-rbac': (name) => developerAccess(name, 'app'),
  'k8s-t2-sealedsecret': (name) => [sealedSecret(`${name}-credentials`, 'app')],
};

function snippetObjects(prefix: string, typed: Record<number, string> = {}): unknown[] {
  const snippet = snippets.find((entry) => entry.prefix === prefix);
  assert.ok(snippet, `snippet ${prefix} exists`);
  const documents = parseAllDocuments(expandWithDefaults(snippet.body.join('\n'), typed));
  assert.ok(Array.isArray(documents), prefix);
  for (const document of documents) assert.deepEqual(document.errors, [], prefix);
  return documents.map((document) => document.toJS());
}

const typeOf = (object: unknown) => {
  const value = object as { apiVersion?: unknown; kind?: unknown };
  return `${String(value.apiVersion)} ${String(value.kind)}`;
};

describe('snippets and object builders', () => {
  for (const [prefix, build] of Object.entries(BUILT_BY)) {
    it(`${prefix} inserts what the builders build, with its defaults and with a name typed in`, () => {
      assert.deepEqual(snippetObjects(prefix), build('app'));
      assert.deepEqual(snippetObjects(prefix, { 1: 'shop' }), build('shop'));
    });
  }

  it('every snippet inserting a kind the builders build is compared above', () => {
    const builtTypes = new Set(Object.values(BUILT_BY).flatMap((build) => build('app').map(typeOf)));
    const unchecked = snippets
      .filter((snippet) => !(snippet.prefix in BUILT_BY))
      .flatMap((snippet) => snippetObjects(snippet.prefix).filter((object) => builtTypes.has(typeOf(object))).map((object) => `${snippet.prefix}: ${typeOf(object)}`));
    assert.deepEqual(unchecked, []);
  });
});
