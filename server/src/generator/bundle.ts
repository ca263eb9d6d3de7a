// A tier bundle as files: the objects of manifests.ts and platformFiles.ts packaged as raw manifests, a
// Kustomize base with overlays, or a Helm chart, plus the README and the .kubetier.yaml naming the tier.
import { stringify } from 'yaml';
import { TIER_NAMES } from '../engine/types';
import { appManifests, IMAGE_REPOSITORY, IMAGE_TAG, platformManifests, TOKEN, type Manifest, type PlacedManifest } from './manifests';
import type { BundleOptions } from './options';
import { gitopsManifests, kubebuilderProject, platformValues } from './platformFiles';

export interface BundleFile {
  /** Relative to the bundle root, with forward slashes. */
  path: string;
  content: string;
}

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/**
 * HPA bounds: at least two pods from tier 2, three from tier 3 in every environment (replicas-minimum and
 * hpa-min-replicas judge each overlay at the bundle's tier); prod may grow to three times that, others to twice.
 */
export function replicaBounds(tier: number, environment: string = 'prod'): { min: number; max: number } {
  const min = tier >= 3 ? 3 : 2;
  return { min, max: min * (environment === 'prod' ? 3 : 2) };
}

const RESOURCES = { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' };

function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, indent: 2, indentSeq: true });
}

/** Documents grouped by file, in first-seen order. */
function groupByFile(placed: PlacedManifest[]): Map<string, Manifest[]> {
  const files = new Map<string, Manifest[]>();
  for (const entry of placed) files.set(entry.file, [...(files.get(entry.file) ?? []), entry.manifest]);
  return files;
}

function documents(manifests: Manifest[]): string {
  return manifests.map(toYaml).join('---\n');
}

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/KT_[A-Z_]+/g, (token) => values[token] ?? token);
}

function plainValues(options: BundleOptions): Record<string, string> {
  const bounds = replicaBounds(options.tier);
  return {
    [TOKEN.name]: options.name,
    [TOKEN.namespace]: options.name,
    [TOKEN.image]: `${IMAGE_REPOSITORY}:${IMAGE_TAG}`,
    [TOKEN.minReplicas]: String(bounds.min),
    [TOKEN.maxReplicas]: String(bounds.max),
    [TOKEN.cpuRequest]: RESOURCES.cpuRequest,
    [TOKEN.cpuLimit]: RESOURCES.cpuLimit,
    [TOKEN.memoryRequest]: RESOURCES.memoryRequest,
    [TOKEN.memoryLimit]: RESOURCES.memoryLimit,
  };
}

function helmValues(options: BundleOptions): Record<string, string> {
  return {
    [TOKEN.name]: `{{ include "${options.name}.fullname" . }}`,
    [TOKEN.namespace]: '{{ .Values.namespace }}',
    [TOKEN.image]: '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    [TOKEN.minReplicas]: '{{ .Values.autoscaling.minReplicas }}',
    [TOKEN.maxReplicas]: '{{ .Values.autoscaling.maxReplicas }}',
    [TOKEN.cpuRequest]: '{{ .Values.resources.requests.cpu | quote }}',
    [TOKEN.cpuLimit]: '{{ .Values.resources.limits.cpu | quote }}',
    [TOKEN.memoryRequest]: '{{ .Values.resources.requests.memory | quote }}',
    [TOKEN.memoryLimit]: '{{ .Values.resources.limits.memory | quote }}',
  };
}

function kustomization(body: Manifest): string {
  return toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...body });
}

/** Overlays per environment over a base folder; prod keeps more pods from tier 2 up. */
function overlays(options: BundleOptions, base: string): BundleFile[] {
  return ENVIRONMENTS.map((environment) => {
    const bounds = replicaBounds(options.tier, environment);
    const patches =
      options.tier >= 2
        ? [
            {
              target: { kind: 'HorizontalPodAutoscaler', name: options.name },
              patch: `- op: replace\n  path: /spec/minReplicas\n  value: ${bounds.min}\n- op: replace\n  path: /spec/maxReplicas\n  value: ${bounds.max}\n`,
            },
          ]
        : [];
    return {
      path: `overlays/${environment}/kustomization.yaml`,
      content: kustomization({
        resources: [base],
        labels: [{ pairs: { environment }, includeSelectors: false }],
        images: [{ name: IMAGE_REPOSITORY, newTag: IMAGE_TAG }],
        ...(patches.length > 0 ? { patches } : {}),
      }),
    };
  });
}

function helmChart(options: BundleOptions, appFiles: Map<string, Manifest[]>): BundleFile[] {
  const root = `chart/${options.name}`;
  const values = (environment: string, bounds: { min: number; max: number }, memory: string) =>
    toYaml({
      namespace: options.name,
      environment,
      image: { repository: IMAGE_REPOSITORY, tag: IMAGE_TAG },
      autoscaling: { minReplicas: bounds.min, maxReplicas: bounds.max },
      resources: { requests: { cpu: RESOURCES.cpuRequest, memory: RESOURCES.memoryRequest }, limits: { cpu: RESOURCES.cpuLimit, memory } },
    });
  const files: BundleFile[] = [
    {
      path: `${root}/Chart.yaml`,
      content: toYaml({ apiVersion: 'v2', name: options.name, description: `${options.name}: a tier ${options.tier} (${TIER_NAMES[options.tier]}) application`, type: 'application', version: '0.1.0', appVersion: IMAGE_TAG }),
    },
    { path: `${root}/values.yaml`, content: values('default', replicaBounds(options.tier, 'staging'), RESOURCES.memoryLimit) },
    ...ENVIRONMENTS.map((environment) => ({
      path: `${root}/values-${environment}.yaml`,
      content: values(environment, replicaBounds(options.tier, environment), environment === 'prod' ? '512Mi' : RESOURCES.memoryLimit),
    })),
    {
      path: `${root}/templates/_helpers.tpl`,
      content: `{{/* The name of every object of the chart: the chart name unless nameOverride is set. */}}\n{{- define "${options.name}.fullname" -}}\n{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}\n{{- end -}}\n`,
    },
    { path: `${root}/.helmignore`, content: '.git/\n*.swp\n*.bak\n' },
  ];
  for (const [file, manifests] of appFiles) {
    files.push({ path: `${root}/templates/${file}`, content: substitute(documents(manifests), helmValues(options)) });
  }
  return files;
}

function applyInstructions(options: BundleOptions): string[] {
  const platform = ['kubectl apply -f platform/namespaces.yaml', ...(options.tier >= 2 ? ['kubectl apply -f platform/'] : [])];
  const secret =
    options.secrets === 'k8s'
      ? [`kubectl -n ${options.name} create secret generic ${options.name}-credentials --from-literal=API_TOKEN=<value> --dry-run=client -o yaml | kubectl apply -f -`]
      : options.secrets === 'sealed'
        ? [`kubectl -n ${options.name} create secret generic ${options.name}-credentials --from-literal=API_TOKEN=<value> --dry-run=client -o yaml | kubeseal --format yaml --merge-into <the SealedSecret file>`]
        : [`vault kv put secret/apps/${options.name} API_TOKEN=<value>   # the ExternalSecret syncs it every hour`];
  const app =
    options.packaging === 'helm'
      ? [`helm upgrade --install ${options.name} chart/${options.name} -f chart/${options.name}/values-prod.yaml`]
      : options.packaging === 'kustomize' || options.tier >= 2
        ? ['kubectl apply -k overlays/prod']
        : ['kubectl apply -f manifests/'];
  return [...platform, ...secret, ...app];
}

function readme(options: BundleOptions, files: string[]): string {
  const lines = [
    `# ${options.name}`,
    '',
    `A tier ${options.tier} (${TIER_NAMES[options.tier]}) Kubernetes bundle generated by kubetier: provider ${options.provider}, packaging ${options.packaging}, GitOps ${options.gitops}, mesh ${options.mesh}, secrets ${options.secrets}.`,
    '`.kubetier.yaml` sets the tier, so the kubetier extension and `kubetier lint` check these files against it.',
    '',
    '## Apply',
    '',
    '```sh',
    ...applyInstructions(options),
    '```',
    '',
    'Secret values are never part of the bundle: create them as shown above.',
  ];
  if (options.tier >= 3) {
    lines.push(
      '',
      '## GitOps',
      '',
      options.gitops === 'flux'
        ? 'Push this folder to the repository named in `gitops/flux/source.yaml`, then `kubectl apply -f gitops/flux/source.yaml -f gitops/flux/root.yaml`.'
        : 'Push this folder to the repository named in `gitops/root.yaml`, then `kubectl apply -f gitops/project.yaml -f gitops/root.yaml`: the root Application (app of apps) installs everything under `gitops/apps/`. Production syncs by hand.',
      '',
      'From tier 3 images are pinned by digest. The generator cannot know your release digest, so the Deployment carries a `kubetier.io/ignore: image-digest` annotation saying so: set the image to `<repository>@sha256:<digest>` and remove the annotation.',
    );
  }
  if (options.tier >= 5 && (options.provider === 'gke' || options.provider === 'onprem')) {
    lines.push('', `Karpenter provisions nodes on AWS (EC2NodeClass) and Azure (AKSNodeClass) only: \`platform/karpenter.yaml\` is for the fleet's EKS clusters; ${options.provider === 'gke' ? 'GKE clusters use node auto-provisioning instead' : 'on-premises clusters keep their own node management'}.`);
  }
  if (options.tier >= 4) {
    lines.push('', 'The audit policy (`platform/audit-policy.yaml`) and the OIDC settings (`platform/oidc-rbac.yaml`) configure the API server: pass them with `--audit-policy-file` and the `--oidc-*` flags.');
  }
  lines.push('', '## Files', '', ...files.map((file) => `- \`${file}\``), '', `## Verify`, '', '```sh', `npx kubetier lint .`, `npx kubetier checklist . --tier ${options.tier}`, '```', '');
  return lines.join('\n');
}

/** Every file of the bundle, content included. Pure: writing is writeBundle's job. */
export function generateBundle(options: BundleOptions): BundleFile[] {
  const appFiles = groupByFile(appManifests(options));
  const files: BundleFile[] = [];
  const plain = plainValues(options);
  const render = (manifests: Manifest[]) => substitute(documents(manifests), plain);
  if (options.packaging === 'helm') {
    files.push(...helmChart(options, appFiles));
  } else {
    const folder = options.packaging === 'kustomize' ? 'base' : 'manifests';
    for (const [file, manifests] of appFiles) files.push({ path: `${folder}/${file}`, content: render(manifests) });
    if (options.packaging === 'kustomize' || options.tier >= 2) {
      files.push({ path: `${folder}/kustomization.yaml`, content: kustomization({ resources: [...appFiles.keys()] }) });
      files.push(...overlays(options, `../../${folder}`));
    }
  }
  for (const [file, manifests] of groupByFile(platformManifests(options))) files.push({ path: `platform/${file}`, content: render(manifests) });
  for (const values of platformValues(options)) files.push({ path: values.path, content: toYaml(values.values) });
  for (const [file, manifests] of groupByFile(gitopsManifests(options))) files.push({ path: `gitops/${file}`, content: render(manifests) });
  if (options.tier >= 5) files.push({ path: 'operator/PROJECT', content: kubebuilderProject(options) });
  files.push({ path: '.kubetier.yaml', content: toYaml({ tier: options.tier, kubernetesVersion: '1.31' }) });
  files.push({ path: 'README.md', content: readme(options, [...files.map((file) => file.path), 'README.md'].sort()) });
  return files;
}


