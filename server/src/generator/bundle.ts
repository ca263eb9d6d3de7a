// A tier bundle as files: the objects of manifests.ts and platformFiles.ts packaged as raw manifests, a
// Kustomize base with overlays, or a Helm chart, plus the README and the .kubetier.yaml naming the tier.
import { TIER_NAMES } from '../engine/types';
import { appManifests, IMAGE_REPOSITORY, IMAGE_TAG, platformManifests, TOKEN, type Manifest, type PlacedManifest } from './manifests';
import type { BundleOptions } from './options';
import { gitopsManifests, kubebuilderProject, platformValues } from './platformFiles';
import { toYaml } from './yamlText';

export interface BundleFile {
  /** Relative to the bundle root, with forward slashes. */
  path: string;
  content: string;
}

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/** HPA bounds: at least two pods from tier 2, three from tier 3 (replicas-minimum), three times as many at most. */
export function replicaBounds(tier: number, environment: string = 'prod'): { min: number; max: number } {
  const min = tier >= 3 && environment === 'prod' ? 3 : 2;
  return { min, max: min * 3 };
}

const RESOURCES = { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' };

/** Documents grouped by file, in first-seen order. */
function groupByFile(placed: PlacedManifest[]): Map<string, Manifest[]> {
  const files = new Map<string, Manifest[]>();
  for (const entry of placed) files.set(entry.file, [...(files.get(entry.file) ?? []), entry.manifest]);
  return files;
}

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
function plainDocuments(manifests: Manifest[], options: BundleOptions): string {
  const values = plainValues(options);
  const value = (token: string) => values[token] ?? token;
  return manifests.map((manifest) => toYaml(substituteTokens(manifest, value, (token) => String(value(token))))).join('---\n');
}

function plainValues(options: BundleOptions): Record<string, string | number> {
  const bounds = replicaBounds(options.tier);
  return {
    [TOKEN.name]: options.name,
    [TOKEN.namespace]: options.name,
    [TOKEN.image]: `${IMAGE_REPOSITORY}:${IMAGE_TAG}`,
    [TOKEN.minReplicas]: bounds.min,
    [TOKEN.maxReplicas]: bounds.max,
    [TOKEN.cpuRequest]: RESOURCES.cpuRequest,
    [TOKEN.cpuLimit]: RESOURCES.cpuLimit,
    [TOKEN.memoryRequest]: RESOURCES.memoryRequest,
    [TOKEN.memoryLimit]: RESOURCES.memoryLimit,
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
    [TOKEN.image]: { whole: '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"' },
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
              patch: toYaml([
                { op: 'replace', path: '/spec/minReplicas', value: bounds.min },
                { op: 'replace', path: '/spec/maxReplicas', value: bounds.max },
              ]),
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
    files.push({ path: `${root}/templates/${file}`, content: helmDocuments(manifests, options) });
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
  const render = (manifests: Manifest[]) => plainDocuments(manifests, options);
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


