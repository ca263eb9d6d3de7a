// How the application's objects become files per packaging: plain manifests (raw, a Kustomize base) with
// the bundle's values in place of the tokens, Kustomize overlays per environment, or a Helm chart whose
// templates render those values from values files.
import type { Manifest } from '../builders';
import { TIER_NAMES } from '../engine/types';
import { ENVIRONMENTS, environmentProfile, IMAGE_REPOSITORY, IMAGE_TAG, TOKEN, type EnvironmentProfile } from './application';
import type { BundleFile } from './bundle';
import type { BundleOptions } from './options';
import { toYaml } from './yamlText';

const TOKEN_PATTERN = /KT_[A-Z_]+/g;

/**
 * The manifest with every string that is exactly a token replaced by `whole(token)` (a typed value: a
 * replica count stays a number) and tokens inside longer strings by `inline(token)`. Substituting in the
 * objects, not in their text, leaves the quoting of every value to the YAML writer.
 */
function substituteTokens(value: unknown, whole: (token: string) => unknown, inline: (token: string) => string): unknown {
  if (typeof value === 'string') {
    if (isToken(value)) return whole(value);
    return value.replace(TOKEN_PATTERN, inline);
  }
  if (Array.isArray(value)) return value.map((item) => substituteTokens(item, whole, inline));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteTokens(item, whole, inline)]));
  }
  return value;
}

const TOKENS: ReadonlySet<string> = new Set(Object.values(TOKEN));

function isToken(text: string): boolean {
  return TOKENS.has(text);
}

/** Files of plain manifests: tokens replaced by the bundle's values before the objects are written. */
export function plainDocuments(manifests: Manifest[], options: BundleOptions): string {
  const values = plainValues(options);
  const value = (token: string) => values[token] ?? token;
  return manifests.map((manifest) => toYaml(substituteTokens(manifest, value, (token) => String(value(token))))).join('---\n');
}

/** The tokens' values in one environment; plain manifests and Kustomize bases take prod's (the base namespace is prod's). */
function plainValues(options: BundleOptions): Record<string, string | number> {
  const profile = environmentProfile(options, 'prod');
  return {
    [TOKEN.name]: options.name,
    [TOKEN.namespace]: profile.namespace,
    [TOKEN.image]: `${IMAGE_REPOSITORY}:${IMAGE_TAG}${profile.digest ? `@${profile.digest}` : ''}`,
    [TOKEN.minReplicas]: profile.replicas.min,
    [TOKEN.maxReplicas]: profile.replicas.max,
    [TOKEN.cpuRequest]: profile.resources.cpuRequest,
    [TOKEN.cpuLimit]: profile.resources.cpuLimit,
    [TOKEN.memoryRequest]: profile.resources.memoryRequest,
    [TOKEN.memoryLimit]: profile.resources.memoryLimit,
    [TOKEN.pullPolicy]: profile.pullPolicy,
    [TOKEN.logLevel]: profile.logLevel,
    [TOKEN.host]: profile.host,
  };
}

/**
 * Helm actions per token. `whole` stands for a whole scalar and renders it quoted where the value is a
 * string (a release named "null" or "123" must stay a string); `inline` is part of a longer plain scalar
 * ("<name>-config"), which a suffix keeps a string whatever the name.
 */
function helmActions(options: BundleOptions): Record<string, { whole: string; inline?: string }> {
  const fullname = `include "${options.name}.fullname" .`;
  return {
    [TOKEN.name]: { whole: `{{ ${fullname} | quote }}`, inline: `{{ ${fullname} }}` },
    [TOKEN.namespace]: { whole: '{{ .Values.namespace | quote }}' },
    [TOKEN.image]: { whole: '"{{ .Values.image.repository }}:{{ .Values.image.tag }}{{ with .Values.image.digest }}@{{ . }}{{ end }}"' },
    [TOKEN.pullPolicy]: { whole: '{{ .Values.image.pullPolicy | quote }}' },
    [TOKEN.logLevel]: { whole: '{{ .Values.logLevel | quote }}' },
    [TOKEN.host]: { whole: '{{ .Values.host | quote }}' },
    [TOKEN.minReplicas]: { whole: '{{ .Values.autoscaling.minReplicas }}' },
    [TOKEN.maxReplicas]: { whole: '{{ .Values.autoscaling.maxReplicas }}' },
    [TOKEN.cpuRequest]: { whole: '{{ .Values.resources.requests.cpu | quote }}' },
    [TOKEN.cpuLimit]: { whole: '{{ .Values.resources.limits.cpu | quote }}' },
    [TOKEN.memoryRequest]: { whole: '{{ .Values.resources.requests.memory | quote }}' },
    [TOKEN.memoryLimit]: { whole: '{{ .Values.resources.limits.memory | quote }}' },
  };
}

/**
 * Chart templates: the objects are written as YAML with their tokens marked (a whole-scalar token as
 * `<token>_WHOLE`), then the marks become Helm actions. Helm renders text, so its actions are the one
 * thing inserted into the written YAML; the values they render come from values files written as YAML.
 */
function helmDocuments(manifests: Manifest[], options: BundleOptions): string {
  const actions = helmActions(options);
  const text = manifests.map((manifest) => toYaml(substituteTokens(manifest, (token) => `${token}${WHOLE_MARK}`, (token) => token))).join('---\n');
  return text.replace(TOKEN_PATTERN, (mark) => {
    const whole = mark.endsWith(WHOLE_MARK);
    const action = actions[whole ? mark.slice(0, -WHOLE_MARK.length) : mark];
    if (!action) return mark;
    return whole ? action.whole : (action.inline ?? action.whole);
  });
}

const WHOLE_MARK = '_WHOLE';

export function kustomization(body: Manifest): string {
  return toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...body });
}

/** JSON patches setting what differs per environment on the objects of the app that have it (by tier). */
function environmentPatches(options: BundleOptions, profile: EnvironmentProfile): Manifest[] {
  const patch = (kind: string, name: string, operations: { path: string; value: unknown }[]) => ({
    target: { kind, name },
    patch: toYaml(operations.map((operation) => ({ op: 'replace', ...operation }))),
  });
  const container = '/spec/template/spec/containers/0';
  const { resources } = profile;
  return [
    patch('Deployment', options.name, [
      { path: `${container}/imagePullPolicy`, value: profile.pullPolicy },
      { path: `${container}/resources/requests/cpu`, value: resources.cpuRequest },
      { path: `${container}/resources/requests/memory`, value: resources.memoryRequest },
      { path: `${container}/resources/limits/cpu`, value: resources.cpuLimit },
      { path: `${container}/resources/limits/memory`, value: resources.memoryLimit },
    ]),
    patch('ConfigMap', `${options.name}-config`, [{ path: '/data/LOG_LEVEL', value: profile.logLevel }]),
    patch('Ingress', options.name, [{ path: '/spec/rules/0/host', value: profile.host }, ...(options.tier >= 2 ? [{ path: '/spec/tls/0/hosts/0', value: profile.host }] : [])]),
    ...(options.tier >= 2 ? [patch('HorizontalPodAutoscaler', options.name, [{ path: '/spec/minReplicas', value: profile.replicas.min }, { path: '/spec/maxReplicas', value: profile.replicas.max }])] : []),
    ...(options.tier >= 3
      ? [patch('Gateway', options.name, [{ path: '/spec/listeners/0/hostname', value: profile.host }]), patch('HTTPRoute', options.name, [{ path: '/spec/hostnames/0', value: profile.host }])]
      : []),
  ];
}

/** Overlays per environment over a base folder: each its own namespace, sizes, host, log level and image policy. */
export function overlays(options: BundleOptions, base: string): BundleFile[] {
  return ENVIRONMENTS.map((environment) => {
    const profile = environmentProfile(options, environment);
    return {
      path: `overlays/${environment}/kustomization.yaml`,
      content: kustomization({
        namespace: profile.namespace,
        resources: [base],
        labels: [{ pairs: { environment }, includeSelectors: false }],
        images: [{ name: IMAGE_REPOSITORY, newTag: IMAGE_TAG, ...(profile.digest ? { digest: profile.digest } : {}) }],
        patches: environmentPatches(options, profile),
      }),
    };
  });
}

/** A values file of the chart: one environment's profile. */
function helmValues(profile: EnvironmentProfile, environment: string): string {
  const { resources } = profile;
  return toYaml({
    namespace: profile.namespace,
    environment,
    host: profile.host,
    logLevel: profile.logLevel,
    image: { repository: IMAGE_REPOSITORY, tag: IMAGE_TAG, ...(profile.digest ? { digest: profile.digest } : {}), pullPolicy: profile.pullPolicy },
    autoscaling: { minReplicas: profile.replicas.min, maxReplicas: profile.replicas.max },
    resources: { requests: { cpu: resources.cpuRequest, memory: resources.memoryRequest }, limits: { cpu: resources.cpuLimit, memory: resources.memoryLimit } },
  });
}

export function helmChart(options: BundleOptions, appFiles: Map<string, Manifest[]>): BundleFile[] {
  const root = `chart/${options.name}`;
  const files: BundleFile[] = [
    {
      path: `${root}/Chart.yaml`,
      content: toYaml({ apiVersion: 'v2', name: options.name, description: `${options.name}: a tier ${options.tier} (${TIER_NAMES[options.tier]}) application`, type: 'application', version: '0.1.0', appVersion: IMAGE_TAG }),
    },
    // The defaults are staging's: a release installed without an environment's file gets the middle sizes.
    { path: `${root}/values.yaml`, content: helmValues(environmentProfile(options, 'staging'), 'default') },
    ...ENVIRONMENTS.map((environment) => ({ path: `${root}/values-${environment}.yaml`, content: helmValues(environmentProfile(options, environment), environment) })),
    {
      path: `${root}/templates/_helpers.tpl`,
      content: `{{/* The name of every object of the chart: the chart name unless nameOverride is set. */}}\n{{- define "${options.name}.fullname" -}}\n{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}\n{{- end -}}\n`,
    },
    { path: `${root}/.helmignore`, content: '.git/\n*.swp\n*.bak\n' },
  ];
  for (const [file, manifests] of appFiles) {
    files.push({ path: `${root}/templates/${file}`, content: helmDocuments(manifests, options) });
  }
  return files;
}
