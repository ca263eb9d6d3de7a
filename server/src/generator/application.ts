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
} as const;

export const APP_PORT = 8080;
export const IMAGE_REPOSITORY = 'nginxinc/nginx-unprivileged';
export const IMAGE_TAG = '1.27.3';
export const RESOURCES = { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' };

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/** HPA bounds: at least two pods from tier 2, three from tier 3 (replicas-minimum), three times as many at most. */
export function replicaBounds(tier: number, environment: string = 'prod'): { min: number; max: number } {
  const min = tier >= 3 && environment === 'prod' ? 3 : 2;
  return { min, max: min * 3 };
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
      return { annotations: {}, podLabels: {} };
  }
}
