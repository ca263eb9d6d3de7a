// The application every bundle is about: its image, port, labels and sizes. Values that packaging
// templates (names, namespace, image, replica bounds, resources) are written as sentinel tokens and
// substituted when files are rendered (packaging.ts), so one definition serves raw manifests, Kustomize
// and the Helm chart alike.
import type { BundleOptions } from './options';

/** Tokens replaced per packaging (see packaging.ts). */
export const TOKEN = {
  name: 'KT_NAME',
  namespace: 'KT_NAMESPACE',
  image: 'KT_IMAGE',
  minReplicas: 'KT_MIN_REPLICAS',
  maxReplicas: 'KT_MAX_REPLICAS',
  cpuRequest: 'KT_CPU_REQUEST',
  cpuLimit: 'KT_CPU_LIMIT',
  memoryRequest: 'KT_MEMORY_REQUEST',
  memoryLimit: 'KT_MEMORY_LIMIT',
  pullPolicy: 'KT_PULL_POLICY',
  logLevel: 'KT_LOG_LEVEL',
  host: 'KT_HOST',
} as const;

export const APP_PORT = 8080;
export const IMAGE_REPOSITORY = 'nginxinc/nginx-unprivileged';
export const IMAGE_TAG = '1.27.3';
/** Where the team releases its own, signed image (the image verification policy checks images from there). */
export const releaseRegistry = (options: BundleOptions) => `registry.example.com/${options.name}`;
/**
 * A placeholder digest (all zeros: it pulls nothing) where the release digest goes: from tier 3 images are
 * pinned by digest, which an offline generator cannot know. The README says how to pin the real one.
 */
export const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`;

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface Resources {
  cpuRequest: string;
  cpuLimit: string;
  memoryRequest: string;
  memoryLimit: string;
}

/** Where and how the app runs in one environment: what real dev, staging and prod differ in. */
export interface EnvironmentProfile {
  environment: Environment;
  namespace: string;
  replicas: { min: number; max: number };
  resources: Resources;
  host: string;
  /** Dev follows its tag below tier 3 (Always pulls a re-pushed tag); pinned images never need a pull. */
  pullPolicy: 'Always' | 'IfNotPresent';
  /** Digest the image is pinned to (from tier 3), or none. */
  digest?: string;
  logLevel: 'debug' | 'info' | 'warn';
}

const RESOURCES: Record<Environment, Resources> = {
  dev: { cpuRequest: '50m', cpuLimit: '250m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
  staging: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
  prod: { cpuRequest: '200m', cpuLimit: '500m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
};

const LOG_LEVELS: Record<Environment, EnvironmentProfile['logLevel']> = { dev: 'debug', staging: 'info', prod: 'warn' };

/** Whether the bundle has dev/staging/prod (a chart's values files or overlays): all but tier-1 plain manifests. */
export function hasEnvironments(options: BundleOptions): boolean {
  return options.packaging !== 'raw' || options.tier >= 2;
}

/** Prod keeps the bundle's name as its namespace (the base's); the others take a suffix. */
export function environmentNamespace(options: BundleOptions, environment: Environment): string {
  return environment === 'prod' ? options.name : `${options.name}-${environment}`;
}

/** The namespaces the application runs in: one per environment. */
export function appNamespaces(options: BundleOptions): string[] {
  return hasEnvironments(options) ? ENVIRONMENTS.map((environment) => environmentNamespace(options, environment)) : [options.name];
}

export function environmentProfile(options: BundleOptions, environment: Environment): EnvironmentProfile {
  return {
    environment,
    namespace: environmentNamespace(options, environment),
    replicas: replicaBounds(options.tier, environment),
    resources: RESOURCES[environment],
    host: environment === 'prod' ? `${options.name}.example.com` : `${options.name}.${environment}.example.com`,
    pullPolicy: environment === 'dev' && options.tier < 3 ? 'Always' : 'IfNotPresent',
    ...(options.tier >= 3 ? { digest: PLACEHOLDER_DIGEST } : {}),
    logLevel: LOG_LEVELS[environment],
  };
}

/**
 * HPA bounds: at least two pods from tier 2, three from tier 3 (replicas-minimum and hpa-min-replicas
 * judge the autoscaler's minimum at the bundle's tier); prod keeps one more and may grow to three times
 * that, the others to twice. Prod's maximum at its limits stays inside the namespace quota.
 */
export function replicaBounds(tier: number, environment: Environment = 'prod'): { min: number; max: number } {
  const min = (tier >= 3 ? 3 : 2) + (environment === 'prod' ? 1 : 0);
  return { min, max: min * (environment === 'prod' ? 3 : 2) };
}

/** Labels every app object carries; the selector uses the stable pair. */
export function appLabels(component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': TOKEN.name,
    'app.kubernetes.io/instance': TOKEN.name,
    'app.kubernetes.io/version': IMAGE_TAG,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': TOKEN.name,
  };
}

export const SELECTOR = { 'app.kubernetes.io/name': TOKEN.name, 'app.kubernetes.io/instance': TOKEN.name };

/** Workload identity: how the app's ServiceAccount maps to a cloud identity. */
export function workloadIdentity(options: BundleOptions): { annotations: Record<string, string>; podLabels: Record<string, string> } {
  switch (options.provider) {
    case 'eks':
      return { annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::111122223333:role/${options.name}` }, podLabels: {} };
    case 'gke':
      return { annotations: { 'iam.gke.io/gcp-service-account': `${options.name}@my-project.iam.gserviceaccount.com` }, podLabels: {} };
    case 'aks':
      return {
        annotations: { 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000000' },
        podLabels: { 'azure.workload.identity/use': 'true' },
      };
    case 'onprem':
    case 'hybrid':
      // Pods on premises have no cloud identity to assume: they reach cloud services through Vault.
      return { annotations: {}, podLabels: {} };
  }
}
