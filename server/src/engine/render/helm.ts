import * as path from 'path';
import type { ToolResult } from './runner';

/** One chart to render: its folder and what `.kubetier.yaml` says about it. */
export interface ChartInput {
  dir: string;
  /** `name:` of Chart.yaml: the first segment of the `# Source:` paths helm prints. */
  name: string;
  releaseName: string;
  namespace: string;
  /** `.kubetier.yaml` named the namespace: objects without one are placed there, as `helm install -n` does. */
  namespaceIsSet: boolean;
  kubernetesVersion: string;
}

/**
 * Values files (absolute paths), applied in order, and the label findings name them by: the file a
 * set adds to values.yaml ("values-prod.yaml"), so "with values.yaml, values-prod.yaml" names two sets.
 */
export interface ValueSet {
  files: string[];
  label: string;
}

/** What `.kubetier.yaml` `helm:` may set. */
export interface HelmConfig {
  releaseName?: string;
  namespace?: string;
  /** Lists of values files relative to the chart folder. */
  valueSets?: string[][];
}

const VARIANT_VALUES = /^values[-.].+\.ya?ml$/i;

/**
 * The value sets a chart is rendered with: `values.yaml` alone, then `values.yaml` plus each
 * `values-*.yaml` / `values.*.yaml` beside it; or exactly the sets `.kubetier.yaml` names.
 */
export function valueSetsOf(chartDir: string, fileNames: readonly string[], config: HelmConfig | undefined): ValueSet[] {
  const named = config?.valueSets;
  if (named && named.length > 0) return named.map((files) => ({ files: files.map((file) => path.resolve(chartDir, file)), label: files.join('+') }));
  const base = fileNames.find((name) => /^values\.ya?ml$/i.test(name));
  const variants = fileNames.filter((name) => VARIANT_VALUES.test(name) && !/^values\.schema\./i.test(name)).sort();
  const sets: ValueSet[] = [{ files: base ? [path.join(chartDir, base)] : [], label: base ?? 'chart defaults' }];
  for (const variant of variants) sets.push({ files: [...(base ? [path.join(chartDir, base)] : []), path.join(chartDir, variant)], label: variant });
  return sets;
}

/** `helm template` arguments. Values files are passed explicitly: helm reads the chart's values.yaml itself too. */
export function helmTemplateArgs(chart: ChartInput, valueSet: ValueSet): string[] {
  const args = ['template', chart.releaseName, chart.dir, '--namespace', chart.namespace, '--kube-version', chart.kubernetesVersion];
  for (const file of valueSet.files) args.push('--values', file);
  return args;
}

/** One document helm printed, with the template file it came from (absolute path). */
export interface RenderedDocument {
  source: string;
  text: string;
}

/**
 * Splits `helm template` output at its `---` lines; each document starts with `# Source: <chart>/<path>`.
 * The chart name is replaced by the chart folder (subcharts sit under `<chart>/charts/<name>/`).
 */
export function splitHelmOutput(stdout: string, chart: Pick<ChartInput, 'dir' | 'name'>): RenderedDocument[] {
  const documents: RenderedDocument[] = [];
  for (const part of stdout.split(/^---[ \t]*\r?$/m)) {
    const match = /^# Source: (.+?)\s*$/m.exec(part);
    if (!match || part.trim() === match[0].trim()) continue;
    documents.push({ source: sourcePath(match[1], chart), text: part.replace(/^\r?\n/, '') });
  }
  return documents;
}

function sourcePath(source: string, chart: Pick<ChartInput, 'dir' | 'name'>): string {
  const parts = source.split('/');
  return path.join(chart.dir, ...parts.slice(parts[0] === chart.name ? 1 : 0));
}

/** A helm error with the place it names, when it names one. */
export interface ToolError {
  message: string;
  /** Absolute path and 0-based line, from `template: web/templates/deploy.yaml:12:5:` and the like. */
  file?: string;
  line?: number;
  character?: number;
}

const TEMPLATE_PLACE = /([\w.-]+(?:\/[\w.-]+)+\.(?:ya?ml|tpl|txt|json)):(\d+)(?::(\d+))?/;
const YAML_ERROR_ON = /YAML parse error on ([\w.-]+(?:\/[\w.-]+)+)/;
const MISSING_DEPENDENCIES = /missing in charts\/ directory: (.+)$/m;

/** What helm's stderr says, located in the chart where it names a file. */
export function parseHelmError(stderr: string, chart: Pick<ChartInput, 'dir' | 'name'>): ToolError {
  const message = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Use --debug flag/.test(line))
    .join(' ')
    .replace(/^Error: /, '');
  const place = TEMPLATE_PLACE.exec(message);
  if (place) {
    return { message, file: sourcePath(place[1], chart), line: Number(place[2]) - 1, character: place[3] ? Number(place[3]) - 1 : 0 };
  }
  const yaml = YAML_ERROR_ON.exec(message);
  if (yaml) return { message, file: sourcePath(yaml[1], chart) };
  if (MISSING_DEPENDENCIES.test(message)) return { message: `${message}; run \`helm dependency build ${path.basename(chart.dir)}\``, file: path.join(chart.dir, 'Chart.yaml') };
  return { message };
}

/** The notice for a render that produced nothing to lint, or undefined when it did. */
export function renderFailure(result: ToolResult, what: string, tool: { name: string; setting: string; path: string }, timeoutMs: number): string | undefined {
  switch (result.status) {
    case 'ok':
      return undefined;
    case 'missing':
      return `${what} not rendered: ${tool.name} not found (${tool.path}); install it or set ${tool.setting}`;
    case 'timeout':
      return `${what} not rendered: ${tool.name} did not finish within ${Math.round(timeoutMs / 1000)} s (kubetier.render.timeout)`;
    case 'too-large':
      return `${what} not rendered: ${tool.name} printed more output than kubetier reads`;
    case 'error':
      return `${what} not rendered: ${tool.name} could not run: ${result.message}`;
    case 'failed':
      return `${what} not rendered: ${tool.name} failed`;
  }
}
