import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SKIPPED_FOLDERS } from '../workspace/disk';
import { KustomizeLayout, readKustomization, type Kustomization } from '../workspace/kustomize';
import { asMap } from '../kube/objects';
import type { ParsedFile } from '../yaml/model';
import { helmTemplateArgs, valueSetsOf, type ChartInput, type HelmConfig, type ValueSet } from './helm';
import { kustomizeArgs, wrapperKustomization } from './overlay';
import { HELM, KUBECTL, KUSTOMIZE, resolveTool, type ToolSpec } from './tools';
import type { ToolCommand } from './runner';

/** What rendering needs to know from the host (settings or CLI flags). */
export interface RenderOptions {
  /** Binaries the user set; else PATH outside the workspace. */
  helmPath?: string;
  kubectlPath?: string;
  kustomizePath?: string;
  /** Folders of the workspace: binaries inside them run only when set explicitly. */
  workspaceRoots: readonly string[];
  /** Restricted mode: nothing runs. */
  trusted: boolean;
  timeoutMs: number;
  maxOutputBytes: number;
  /** A render with more objects is not linted. */
  maxObjects: number;
  /** `.kubetier.yaml` of a folder: its helm section and Kubernetes version. */
  folderSettings(dir: string): { kubernetesVersion: string; helm?: HelmConfig };
}

export const DEFAULT_MAX_RENDERED_OBJECTS = 10_000;

/** A chart or an overlay: what is rendered, and the files whose objects its renders stand for. */
export interface RenderTarget {
  tool: 'helm' | 'kustomize';
  dir: string;
  /** "Helm chart `web`", "Kustomize overlay `overlays/prod`". */
  label: string;
  /** The file notices about the whole target go to (Chart.yaml, the kustomization). */
  anchor: string;
}

/** One run of a tool for a target (one value set of a chart). */
export interface RenderJob {
  target: RenderTarget;
  valueSet?: ValueSet;
  tool: ToolSpec;
  /** Undefined when the binary is not found. */
  command?: ToolCommand;
  /** Content hash of the binary path, arguments and every input file: equal keys render equally. */
  cacheKey: string;
  /** The kustomize wrapper's folder (made by prepare, removed by cleanup). */
  wrapperDir?: string;
  chart?: ChartInput;
}

/** Charts in the files (a Chart.yaml not inside another chart's charts/ folder: subcharts render with their parent). */
export function chartsIn(files: readonly ParsedFile[]): { dir: string; name: string }[] {
  const charts = files.filter((file) => path.basename(file.path) === 'Chart.yaml');
  const dirs = new Set(charts.map((file) => path.dirname(path.resolve(file.path))));
  return charts.flatMap((file) => {
    const dir = path.dirname(path.resolve(file.path));
    const parent = path.dirname(dir);
    if (path.basename(parent) === 'charts' && (dirs.has(path.dirname(parent)) || fs.existsSync(path.join(path.dirname(parent), 'Chart.yaml')))) return [];
    const name = asMap(file.documents[0]?.value)?.name;
    return [{ dir, name: typeof name === 'string' && name !== '' ? name : path.basename(dir) }];
  });
}

/** Kustomizations no other kustomization includes: each is one `kustomize build`. */
export function topLevelOverlays(kustomizationFiles: readonly ParsedFile[]): Kustomization[] {
  const kustomizations = kustomizationFiles.map(readKustomization).filter((entry): entry is Kustomization => entry !== undefined);
  const layout = new KustomizeLayout(kustomizations);
  return kustomizations.filter((entry) => entry.kind === 'Kustomization' && layout.chainsFrom(entry).every((chain) => chain.length === 1));
}

/** Every file under a folder (for the cache key), skipping VCS and dependency folders. */
function filesUnder(dir: string, limit = 5000): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= limit) return;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(full);
      else if (entry.isFile()) found.push(full);
    }
  };
  walk(dir);
  return found;
}

/** The folders and files one overlay build reads: every kustomization it reaches and the files they list. */
function overlayInputs(overlay: Kustomization, layout: KustomizeLayout): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (kustomization: Kustomization) => {
    if (seen.has(kustomization.dir)) return;
    seen.add(kustomization.dir);
    for (const file of filesUnder(kustomization.dir, 500)) files.add(file);
    for (const target of [...kustomization.resources, ...kustomization.components]) {
      const inner = layout.kustomizationIn(target);
      if (inner) visit(inner);
      else files.add(target);
    }
  };
  visit(overlay);
  return [...files].sort();
}

/** sha256 of the binary, the arguments and the inputs' paths and contents (`read` gives editor buffers first). */
export function cacheKeyOf(binary: string, args: readonly string[], inputs: readonly string[], read: (file: string) => string | Buffer | undefined): string {
  const hash = crypto.createHash('sha256');
  hash.update(`${binary}\0${args.join('\0')}\0`);
  for (const input of inputs) {
    hash.update(`${input}\0`);
    hash.update(read(input) ?? '<unreadable>');
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readBytes(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function relativeLabel(dir: string, roots: readonly string[]): string {
  for (const root of roots) {
    const relative = path.relative(root, dir);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return path.basename(dir);
}

/** The runs that render the workspace's charts (one per value set) and top-level overlays. */
export function planRenders(files: readonly ParsedFile[], kustomizationFiles: readonly ParsedFile[], options: RenderOptions, read: (file: string) => string | Buffer | undefined = readBytes): RenderJob[] {
  const jobs: RenderJob[] = [];
  const helm = resolveTool(HELM, options.helmPath, options.workspaceRoots);
  for (const chart of chartsIn(files)) {
    const settings = options.folderSettings(chart.dir);
    const input: ChartInput = {
      dir: chart.dir,
      name: chart.name,
      releaseName: settings.helm?.releaseName ?? releaseNameOf(chart.name),
      namespace: settings.helm?.namespace ?? 'default',
      namespaceIsSet: settings.helm?.namespace !== undefined,
      kubernetesVersion: settings.kubernetesVersion,
    };
    const target: RenderTarget = { tool: 'helm', dir: chart.dir, label: `Helm chart \`${chart.name}\``, anchor: path.join(chart.dir, 'Chart.yaml') };
    const inputs = filesUnder(chart.dir);
    const names = inputs.filter((file) => path.dirname(file) === chart.dir).map((file) => path.basename(file));
    for (const valueSet of valueSetsOf(chart.dir, names, settings.helm)) {
      const args = helmTemplateArgs(input, valueSet);
      const extra = valueSet.files.filter((file) => !inputs.includes(file));
      jobs.push({
        target,
        valueSet,
        chart: input,
        tool: HELM,
        command: helm ? { file: helm, args, cwd: chart.dir, timeoutMs: options.timeoutMs, maxOutputBytes: options.maxOutputBytes } : undefined,
        cacheKey: cacheKeyOf(helm ?? 'helm', args, [...inputs, ...extra], read),
      });
    }
  }
  const kustomizations = kustomizationFiles.map(readKustomization).filter((entry): entry is Kustomization => entry !== undefined);
  const layout = new KustomizeLayout(kustomizations);
  const kubectl = options.kustomizePath ? undefined : resolveTool(KUBECTL, options.kubectlPath, options.workspaceRoots);
  const kustomize = kubectl ? undefined : resolveTool(KUSTOMIZE, options.kustomizePath, options.workspaceRoots);
  const tool = kustomize ? KUSTOMIZE : KUBECTL;
  const binary = kustomize ?? kubectl;
  for (const overlay of topLevelOverlays(kustomizationFiles)) {
    const label = relativeLabel(overlay.dir, options.workspaceRoots);
    const target: RenderTarget = { tool: 'kustomize', dir: overlay.dir, label: `Kustomize overlay \`${label}\``, anchor: overlay.path };
    const args = kustomizeArgs(tool, overlay.dir);
    jobs.push({
      target,
      tool,
      command: binary ? { file: binary, args, cwd: overlay.dir, timeoutMs: options.timeoutMs, maxOutputBytes: options.maxOutputBytes } : undefined,
      cacheKey: cacheKeyOf(binary ?? tool.name, args, overlayInputs(overlay, layout), read),
    });
  }
  return jobs;
}

/** A release name helm accepts, from the chart name. */
function releaseNameOf(chartName: string): string {
  const name = chartName.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return (name || 'release').slice(0, 53);
}

/** Writes the kustomize wrapper for a job into a fresh temporary folder and points the command at it. */
export function prepareJob(job: RenderJob): void {
  if (job.target.tool !== 'kustomize' || !job.command) return;
  const wrapperDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-kustomize-'));
  fs.writeFileSync(path.join(wrapperDir, 'kustomization.yaml'), wrapperKustomization(wrapperDir, job.target.dir));
  job.wrapperDir = wrapperDir;
  job.command = { ...job.command, args: kustomizeArgs(job.tool, wrapperDir) };
}

export function cleanupJob(job: RenderJob): void {
  if (job.wrapperDir) fs.rmSync(job.wrapperDir, { recursive: true, force: true });
}
