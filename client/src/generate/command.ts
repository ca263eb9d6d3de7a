// "kubetier: Generate tier bundle": asks for the generator's options step by step (or takes them from the
// command's argument), previews the files, confirms before touching a folder that is not empty, writes
// with progress and opens the README and the checklist. The generator itself is engine code, bundled in.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { TIER_NAMES, TIERS, type Tier } from '../../../server/src/engine/types';
import { COMPLIANCE, generateBundle, nameProblem, writeBundle, type BundleFile, type BundleOptions } from '../../../server/src/generator';
import type { Compliance } from '../../../server/src/generator/options';
import { choicesFor, confirmationMessage, isEmptyTarget, optionsFromPreset, presetProblem, resolveTarget, targetState, type GenerateBundleArgs } from './plan';

export const GENERATE_BUNDLE_COMMAND = 'kubetier.generateBundle';

const TITLE = 'kubetier: Generate tier bundle';

const OPTION_LABELS = {
  provider: { eks: 'Amazon EKS', gke: 'Google GKE', aks: 'Azure AKS', onprem: 'On-premises', hybrid: 'Hybrid (on-premises primary, EKS secondary)' },
  packaging: { helm: 'Helm chart with values per environment', kustomize: 'Kustomize base + dev/staging/prod overlays', raw: 'Plain manifests' },
  gitops: { argocd: 'Argo CD (app of apps, ApplicationSet)', flux: 'Flux (GitRepository, Kustomizations, HelmReleases)', none: 'No GitOps controller' },
  mesh: { none: 'No service mesh', istio: 'Istio (strict mTLS, AuthorizationPolicy)', linkerd: 'Linkerd (Server, MeshTLSAuthentication)', cilium: 'Cilium (mutual authentication)' },
  secrets: { k8s: 'Kubernetes Secret created with kubectl', sealed: 'Sealed Secrets (kubeseal)', vault: 'External Secrets from Vault' },
} as const;

const COMPLIANCE_LABELS: Record<Compliance, string> = {
  none: 'No compliance framework',
  soc2: 'SOC 2: control map and pod policies',
  hipaa: 'HIPAA: control map and pod policies',
  pci: 'PCI DSS: control map and pod policies',
  fedramp: 'FedRAMP Moderate: control map and pod policies',
};

/** What the command returns: where it wrote and what, or undefined when cancelled. */
export interface GenerateBundleResult {
  target: string;
  files: string[];
}

function workspaceBase(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
}

async function pickOne<T extends string>(step: number, total: number, placeHolder: string, values: readonly T[], describe: (value: T) => string, preset?: T): Promise<T | undefined> {
  const items = values.map((value) => ({ label: value, description: describe(value), picked: value === preset }));
  const ordered = preset ? [...items.filter((item) => item.picked), ...items.filter((item) => !item.picked)] : items;
  const pick = await vscode.window.showQuickPick(ordered, { title: `${TITLE} (${step}/${total})`, placeHolder, ignoreFocusOut: true });
  return pick?.label as T | undefined;
}

const STEPS = 9;

/** The multi-step questions; preset values are preselected. Undefined when the user cancels a step. */
async function askOptions(preset: GenerateBundleArgs): Promise<{ options: BundleOptions; target: string } | undefined> {
  const tierPick = await vscode.window.showQuickPick(
    TIERS.map((tier) => ({ label: `Tier ${tier}`, description: TIER_NAMES[tier], tier, picked: tier === (preset.tier ?? 1) })).sort((a, b) => Number(b.picked) - Number(a.picked)),
    { title: `${TITLE} (1/${STEPS})`, placeHolder: 'Tier: the bundle holds everything its tier and the tiers below require', ignoreFocusOut: true },
  );
  if (!tierPick) return undefined;
  const tier: Tier = tierPick.tier;
  const name = await vscode.window.showInputBox({
    title: `${TITLE} (2/${STEPS})`,
    prompt: 'Application name (a DNS-1123 label: also the namespace and the object names)',
    value: preset.name ?? path.basename(workspaceBase()).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40),
    validateInput: (value) => nameProblem(value),
    ignoreFocusOut: true,
  });
  if (name === undefined) return undefined;
  const ask = <K extends keyof typeof OPTION_LABELS>(step: number, key: K, question: string) =>
    pickOne(step, STEPS, question, choicesFor(key, tier) as readonly (keyof (typeof OPTION_LABELS)[K] & string)[], (value) => String(OPTION_LABELS[key][value]), preset[key] as never);
  const packaging = await ask(3, 'packaging', 'Packaging');
  if (!packaging) return undefined;
  const provider = await ask(4, 'provider', 'Cloud provider (storage class, load balancer, workload identity, Karpenter node class)');
  if (!provider) return undefined;
  const gitops = await ask(5, 'gitops', 'GitOps controller');
  if (!gitops) return undefined;
  const mesh = await ask(6, 'mesh', tier >= 4 ? 'Service mesh' : 'Service mesh (used from tier 4; sets the Gateway class at tier 3)');
  if (!mesh) return undefined;
  const secrets = await ask(7, 'secrets', 'How the application gets its secrets');
  if (!secrets) return undefined;
  const compliance = await pickOne(8, STEPS, 'Compliance framework', COMPLIANCE, (value) => COMPLIANCE_LABELS[value], preset.compliance ?? 'none');
  if (!compliance) return undefined;
  const suggested = resolveTarget(preset.path ?? name, preset.parent ?? workspaceBase());
  const BROWSE = '$(folder-opened) Choose another folder…';
  const where = await vscode.window.showQuickPick([{ label: suggested, description: 'suggested' }, { label: BROWSE, description: '' }], {
    title: `${TITLE} (9/${STEPS})`,
    placeHolder: 'Target folder',
    ignoreFocusOut: true,
  });
  if (!where) return undefined;
  let target = where.label;
  if (where.label === BROWSE) {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Generate here', defaultUri: vscode.Uri.file(workspaceBase()) });
    if (!chosen?.[0]) return undefined;
    target = chosen[0].fsPath;
  }
  return { options: { name, tier, provider, packaging, gitops, mesh, secrets, compliance } as BundleOptions, target };
}

/** The file list before writing; Enter on "Generate" goes ahead. */
async function preview(target: string, files: readonly BundleFile[], overwritten: readonly string[]): Promise<boolean> {
  const GENERATE = `$(check) Generate ${files.length} files`;
  const marked = new Set(overwritten);
  const items: vscode.QuickPickItem[] = [
    { label: GENERATE, description: target },
    { label: 'Files', kind: vscode.QuickPickItemKind.Separator },
    ...files.map((file) => ({ label: file.path, description: marked.has(file.path) ? 'overwrites an existing file' : `${file.content.split('\n').length} lines` })),
  ];
  for (;;) {
    const pick = await vscode.window.showQuickPick(items, { title: `${TITLE}: preview`, placeHolder: `${files.length} files into ${target}`, ignoreFocusOut: true });
    if (!pick) return false;
    if (pick.label === GENERATE) return true;
  }
}

/** Runs the command; with a complete preset (name and path) nothing is asked unless the target is not empty. */
export async function generateBundleCommand(args?: GenerateBundleArgs): Promise<GenerateBundleResult | undefined> {
  const preset = args && typeof args === 'object' ? args : {};
  const problem = presetProblem(preset);
  if (problem) {
    void vscode.window.showErrorMessage(`${TITLE}: ${problem}`);
    return undefined;
  }
  const unattended = typeof preset.name === 'string' && (typeof preset.path === 'string' || typeof preset.parent === 'string');
  const answers = unattended
    ? { options: optionsFromPreset({ ...preset, name: preset.name! }), target: resolveTarget(preset.path ?? preset.name!, preset.parent ?? workspaceBase()) }
    : await askOptions(preset);
  if (!answers) return undefined;
  const { options, target } = answers;
  const files = generateBundle(options);
  const state = targetState(target, files);
  if (!unattended && !(await preview(target, files, state.overwritten))) return undefined;
  // Never write into a folder that holds anything without an explicit yes, even when run with a preset.
  if (!isEmptyTarget(state) && !preset.overwrite) {
    const OVERWRITE = state.overwritten.length > 0 ? 'Overwrite' : 'Generate';
    const answer = await vscode.window.showWarningMessage(confirmationMessage(target, state), { modal: true }, OVERWRITE);
    if (answer !== OVERWRITE) return undefined;
  }
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Generating the tier ${options.tier} bundle "${options.name}"` },
      async (progress) => {
        progress.report({ message: `${files.length} files into ${target}` });
        return writeBundle(target, files, true);
      },
    );
    const readme = vscode.Uri.file(path.join(target, 'README.md'));
    await vscode.window.showTextDocument(readme, { preview: false });
    if (preset.openChecklist !== false) void vscode.commands.executeCommand('kubetier.showChecklist');
    void vscode.window.showInformationMessage(`kubetier: wrote ${result.written.length} files to ${target}${result.overwritten.length > 0 ? ` (${result.overwritten.length} overwritten)` : ''}.`);
    return { target, files: result.written };
  } catch (error) {
    void vscode.window.showErrorMessage(`${TITLE}: generation failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
