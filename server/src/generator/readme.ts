// The README of a bundle: what it is, its environments, how to apply it (secrets are created, never
// shipped; GitOps applies everything else), how to pin the image, what its options leave unmet, its files
// and how to verify it.
import { TIER_NAMES } from '../engine/types';
import { ENVIRONMENTS, environmentProfile, hasEnvironments, type Environment, IMAGE_REPOSITORY, PLACEHOLDER_DIGEST, releaseRegistry } from './application';
import { appSourcePath, environmentValuesFile, platformCharts, valuesPath } from './layout';
import type { BundleOptions } from './options';
import { unmetItems } from './unmet';

function secretCommand(options: BundleOptions, namespace: string): string {
  const create = `kubectl -n ${namespace} create secret generic ${options.name}-credentials --from-literal=API_TOKEN=<value>`;
  switch (options.secrets) {
    case 'k8s':
      return `${create} --dry-run=client -o yaml | kubectl apply -f -`;
    case 'sealed':
      return `${create} --dry-run=client -o yaml | kubeseal --format yaml --merge-into <the SealedSecret file>`;
    case 'vault':
      return `vault kv put secret/apps/${options.name} API_TOKEN=<value>   # the ExternalSecret syncs it every hour`;
  }
}

/** How the app reaches one environment by hand (what GitOps does otherwise). */
function appCommand(options: BundleOptions, environment: Environment): string {
  if (options.packaging === 'helm') {
    const chart = appSourcePath(options, environment);
    return `helm upgrade --install ${options.name} ${chart} -n ${environmentProfile(options, environment).namespace} -f ${chart}/${environmentValuesFile(environment)}`;
  }
  return `kubectl apply -k ${appSourcePath(options, environment)}`;
}

function applySection(options: BundleOptions): string[] {
  const app = hasEnvironments(options) ? ENVIRONMENTS.map((environment) => appCommand(options, environment)) : ['kubectl apply -f manifests/'];
  const charts = platformCharts(options).map((chart) => `helm upgrade --install ${chart.name} ${chart.chart} --repo ${chart.url} --version ${chart.version} -n ${chart.namespace} --create-namespace -f ${valuesPath(options, chart.name)}`);
  const byHand = ['kubectl apply -k platform/', ...charts, secretCommand(options, options.name), ...app];
  if (options.tier < 3 || options.gitops === 'none') {
    return ['## Apply', '', '```sh', ...byHand, '```', '', 'Secret values are never part of the bundle: create them as shown above, in each environment\'s namespace.'];
  }
  const start =
    options.gitops === 'flux'
      ? 'Push this folder to the repository named in `gitops/flux/source.yaml`, then `kubectl apply -f gitops/flux/source.yaml -f gitops/flux/root.yaml`: the root Kustomization applies `gitops/flux/apps/`, which holds `platform/` (namespaces, guardrails, policies, backups), the platform charts and the app in each environment.'
      : 'Push this folder to the repository named in `gitops/root.yaml`, then `kubectl apply -f gitops/project.yaml -f gitops/root.yaml`: the root Application (app of apps) installs `gitops/apps/`, which holds `platform/` (namespaces, guardrails, policies, backups), the platform charts and the app. Dev and staging sync automatically; prod syncs by hand.';
  return ['## Apply with GitOps', '', start, '', 'Then create the secret (its value is never part of the bundle):', '', '```sh', secretCommand(options, options.name), '```'];
}

function environmentTable(options: BundleOptions): string[] {
  if (!hasEnvironments(options)) return [];
  const rows = ENVIRONMENTS.map((environment) => {
    const profile = environmentProfile(options, environment);
    const { resources } = profile;
    return `| ${environment} | ${profile.namespace} | ${profile.replicas.min}-${profile.replicas.max} | ${resources.cpuRequest}/${resources.cpuLimit}, ${resources.memoryRequest}/${resources.memoryLimit} | ${profile.host} | ${profile.digest ? 'pinned by digest' : `tag, pull ${profile.pullPolicy}`} | ${profile.logLevel} |`;
  });
  return ['## Environments', '', '| environment | namespace | replicas (HPA) | CPU, memory (request/limit) | host | image | log level |', '|---|---|---|---|---|---|---|', ...rows, ''];
}

function imageSection(options: BundleOptions): string[] {
  if (options.tier < 3) return [];
  const where =
    options.packaging === 'helm'
      ? `\`image.digest\` in \`chart/${options.name}/values*.yaml\``
      : `the \`digest\` of the \`images:\` entry in \`overlays/*/kustomization.yaml\`${options.packaging === 'raw' ? ' (and the image in `manifests/deployment.yaml`)' : ''}`;
  return [
    '## Pin the image',
    '',
    `From tier 3 images are pinned by digest. The generator cannot know your release's digest, so the image carries a placeholder (\`${PLACEHOLDER_DIGEST.slice(0, 15)}…\`, all zeros: it pulls nothing). Before deploying, release the app to \`${releaseRegistry(options)}/\` (the image verification policy in \`platform/policies.yaml\` checks cosign signatures of images from there), then set the image (now \`${IMAGE_REPOSITORY}\`) and its digest in ${where}: \`crane digest <image>:<tag>\` prints it.`,
    '',
  ];
}

function unmetSection(options: BundleOptions): string[] {
  const unmet = unmetItems(options);
  if (unmet.length === 0) return [];
  return [
    '## Not met with these options',
    '',
    `These tier-${options.tier} checklist items cannot be met with the options chosen; \`.kubetier.yaml\` waives them with the same reasons, so the checklist reports them as not applicable and says why:`,
    '',
    ...unmet.map((item) => `- \`${item.id}\`: ${item.reason}.`),
    '',
  ];
}

export function readme(options: BundleOptions, files: string[]): string {
  const lines = [
    `# ${options.name}`,
    '',
    `A tier ${options.tier} (${TIER_NAMES[options.tier]}) Kubernetes bundle generated by kubetier: provider ${options.provider}, packaging ${options.packaging}, GitOps ${options.gitops}, mesh ${options.mesh}, secrets ${options.secrets}${options.compliance && options.compliance !== 'none' ? `, compliance ${options.compliance} (see \`compliance/${options.compliance}.md\`)` : ''}.`,
    '`.kubetier.yaml` sets the tier, so the kubetier extension and `kubetier lint` check these files against it.',
    '',
    ...environmentTable(options),
    ...applySection(options),
    '',
    ...imageSection(options),
    ...unmetSection(options),
  ];
  if (options.tier >= 5 && options.provider !== 'eks' && options.provider !== 'aks') {
    lines.push(`Karpenter provisions nodes on AWS (EC2NodeClass) and Azure (AKSNodeClass) only: \`platform/karpenter.yaml\` is for the fleet's EKS clusters; ${options.provider === 'gke' ? 'GKE clusters use node auto-provisioning instead' : 'on-premises clusters keep their own node management'}.`, '');
  }
  if (options.tier >= 3) {
    lines.push('The audit policy (`platform/audit-policy.yaml`) configures the API server, not the cluster\'s objects: pass it with `--audit-policy-file`.' + (options.tier >= 4 ? ' The OIDC settings (`platform/oidc-rbac.yaml`) go with the `--oidc-*` flags.' : ''), '');
  }
  lines.push('## Files', '', ...files.map((file) => `- \`${file}\``), '', `## Verify`, '', '```sh', `npx kubetier lint .`, `npx kubetier checklist . --tier ${options.tier}`, '```', '');
  return lines.join('\n');
}
