import * as path from 'path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../yaml/model';
import { compileGlobs, type GlobSet } from '../workspace/globs';
import { isSeverityOrOff, isTier, type SeverityOrOff, type Tier } from '../types';
import type { HelmConfig } from '../render/helm';
import { readCustomRules, type CustomRule, type LocatedProblem } from '../policy/customRules';
import type { NodePath } from '../types';

export const CONFIG_FILE_NAME = '.kubetier.yaml';
export const DEFAULT_TIER: Tier = 1;
export const DEFAULT_KUBERNETES_VERSION = '1.31';
/**
 * The most findings of any file of ../shared/corpus/real at tier 5 is 160, and 5 MB (the default file size
 * limit) of realistic manifests gives 26,307; 50,000 bounds the 44 KB amplification (131,805).
 */
export const DEFAULT_MAX_FINDINGS_PER_FILE = 50_000;
const MODELINE_MAX_LINE = 10;

/** The contents of a `.kubetier.yaml` file. */
export interface ConfigFile {
  tier?: Tier;
  kubernetesVersion?: string;
  rules?: Record<string, SeverityOrOff>;
  ignore?: string[];
  /** How charts under the folder are rendered. */
  helm?: HelmConfig;
  /** Folders of admission and Kyverno policies evaluated against the manifests (relative to the config's folder). */
  policies?: string[];
  /** Checklist items this folder cannot meet by design, each with the reason: reported as not applicable. */
  checklistWaived?: Record<string, string>;
}

export interface LoadedConfig {
  path: string;
  config: ConfigFile;
  /** Human-readable problems found while reading the file (wrong types, unknown keys, globs not used). */
  problems: string[];
  /** `ignore`, compiled once when the file is read. */
  ignored?: GlobSet;
  /** `customRules`, compiled once when the file is read. */
  customRules: CustomRule[];
  /** The problems that have a line (a custom rule whose expression does not compile), for the editor. */
  located: LocatedProblem[];
}

/** Settings that come from the host: the editor's `kubetier.*` settings or CLI flags. */
export interface HostSettings {
  tier?: Tier;
  kubernetesVersion?: string;
  rules?: Record<string, SeverityOrOff>;
  /** `kubetier.maxFindingsPerFile` / `--max-findings`. */
  maxFindingsPerFile?: number;
}

export type TierSource =
  | { kind: 'cli' }
  | { kind: 'modeline'; line: number }
  | { kind: 'config'; path: string }
  | { kind: 'setting' }
  | { kind: 'default' };

export interface ResolvedSettings {
  tier: Tier;
  tierSource: TierSource;
  kubernetesVersion: string;
  ruleOverrides: Record<string, SeverityOrOff>;
  /** Findings shown per file; the rest are summarised in one finding. */
  maxFindings: number;
  /** The nearest `.kubetier.yaml`'s custom rules; they run beside the built-in ones. */
  customRules: readonly CustomRule[];
}

export interface Modeline {
  line: number;
  tier?: Tier;
  kubernetesVersion?: string;
}

// `\s*$` also takes the `\r` of a CRLF line, which `.` does not match.
const MODELINE = /^\s*#\s*kubetier:\s*(.*?)\s*$/;
const KUBERNETES_VERSION = /^1\.\d{1,2}$/;

/** `# kubetier: tier=3 k8s=1.31` within the first ten lines of a file. */
export function parseModeline(text: string): Modeline | undefined {
  let start = 0;
  for (let line = 0; line < MODELINE_MAX_LINE && start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const match = MODELINE.exec(text.slice(start, end));
    if (match) {
      const modeline: Modeline = { line };
      for (const [, key, value] of match[1].matchAll(/(\w+)\s*=\s*([\w.]+)/g)) {
        const number = Number(value);
        if (key === 'tier' && isTier(number)) modeline.tier = number;
        if (key === 'k8s' && KUBERNETES_VERSION.test(value)) modeline.kubernetesVersion = value;
      }
      return modeline;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}

/** Reads and checks a `.kubetier.yaml`; bad fields are dropped and reported, never thrown. `reservedIds`: built-in rule ids. */
export function parseConfigFile(configPath: string, text: string, reservedIds: ReadonlySet<string> = new Set()): LoadedConfig {
  const problems: string[] = [];
  const config: ConfigFile = {};
  const empty = { path: configPath, config, customRules: [], located: [] };
  const lines = new LineCounter();
  const document = parseDocument(text, { logLevel: 'silent', lineCounter: lines });
  if (document.errors.length > 0) return { ...empty, problems: [`not valid YAML: ${document.errors[0].message}`] };
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return { ...empty, problems: [`not valid YAML: ${(error as Error).message}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ...empty, problems: ['must be a mapping'] };
  }
  const lineOf = (path: NodePath): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line - 1;
    }
    return 0;
  };
  let customRules: CustomRule[] = [];
  const located: LocatedProblem[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    switch (key) {
      case 'tier':
        if (isTier(value)) config.tier = value;
        else problems.push('tier must be a whole number from 1 to 5');
        break;
      case 'kubernetesVersion':
        if (typeof value === 'string' && KUBERNETES_VERSION.test(value)) config.kubernetesVersion = value;
        else problems.push('kubernetesVersion must be a string such as "1.31"');
        break;
      case 'rules':
        config.rules = {};
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          for (const [rule, level] of Object.entries(value)) {
            if (isSeverityOrOff(level)) config.rules[rule] = level;
            else problems.push(`rules.${rule} must be off, hint, info, warning or error`);
          }
        } else problems.push('rules must be a mapping of rule id to severity');
        break;
      case 'ignore':
        if (Array.isArray(value) && value.every((glob) => typeof glob === 'string')) config.ignore = value;
        else problems.push('ignore must be a list of glob strings');
        break;
      case 'helm':
        config.helm = parseHelmConfig(value, problems);
        break;
      case 'policies':
        if (Array.isArray(value) && value.every((folder) => typeof folder === 'string' && folder !== '')) config.policies = value;
        else problems.push('policies must be a list of folders (relative to this file) holding policy manifests');
        break;
      case 'customRules': {
        const read = readCustomRules(value, configPath, (path) => lineOf(['customRules', ...path]), reservedIds);
        customRules = read.rules;
        located.push(...read.problems);
        problems.push(...read.problems.map((problem) => `line ${problem.line + 1}: ${problem.message}`));
        break;
      }
      case 'checklist':
        config.checklistWaived = parseChecklistConfig(value, problems);
        break;
      default:
        problems.push(`unknown key "${key}"`);
    }
  }
  for (const problem of unknownRuleIds(config.rules, raw as Record<string, unknown>, reservedIds, lineOf)) {
    located.push(problem);
    problems.push(`line ${problem.line + 1}: ${problem.message}`);
  }
  const ignored = config.ignore && config.ignore.length > 0 ? compileGlobs(config.ignore) : undefined;
  problems.push(...(ignored?.problems ?? []).map((problem) => `ignore: ${problem}`));
  return { path: configPath, config, problems, ignored, customRules, located };
}

/**
 * `rules:` ids that are neither built in nor declared under `customRules:` (even one that does not compile):
 * a mistyped id would otherwise change nothing, in silence. Unchecked when the built-in ids are not given.
 */
function unknownRuleIds(rules: ConfigFile['rules'], raw: Record<string, unknown>, reservedIds: ReadonlySet<string>, lineOf: (path: NodePath) => number): LocatedProblem[] {
  if (!rules || reservedIds.size === 0) return [];
  const declared = new Set((Array.isArray(raw.customRules) ? raw.customRules : []).map((entry) => (entry as { id?: unknown } | null)?.id));
  return Object.keys(rules)
    .filter((id) => !reservedIds.has(id) && !declared.has(id))
    .map((id) => ({ line: lineOf(['rules', id]), message: `rules.${id}: no such rule (built in or under customRules); kubetier rules lists them` }));
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `checklist: { waived: { <item id>: <reason> } }`: a waiver without a reason is refused, so the checklist can always say why. */
function parseChecklistConfig(value: unknown, problems: string[]): Record<string, string> {
  const waived: Record<string, string> = {};
  const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : undefined;
  if (!entries) {
    problems.push('checklist must be a mapping (waived)');
    return waived;
  }
  for (const [key, entry] of entries) {
    if (key !== 'waived') {
      problems.push(`unknown key "checklist.${key}"`);
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push('checklist.waived must be a mapping of checklist item id to the reason it cannot be met');
      continue;
    }
    for (const [id, reason] of Object.entries(entry as Record<string, unknown>)) {
      if (typeof reason === 'string' && reason.trim() !== '') waived[id] = reason.trim();
      else problems.push(`checklist.waived.${id} must give the reason as text`);
    }
  }
  return waived;
}

function parseHelmConfig(value: unknown, problems: string[]): HelmConfig {
  const helm: HelmConfig = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push('helm must be a mapping (releaseName, namespace, valueSets)');
    return helm;
  }
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'releaseName' || key === 'namespace') {
      if (typeof entry === 'string' && DNS_LABEL.test(entry) && entry.length <= (key === 'releaseName' ? 53 : 63)) helm[key] = entry;
      else problems.push(`helm.${key} must be a DNS label (lower-case letters, digits and -)`);
    } else if (key === 'valueSets') {
      const valid = Array.isArray(entry) && entry.every((set) => Array.isArray(set) && set.length > 0 && set.every((file) => typeof file === 'string' && file !== ''));
      if (valid) helm.valueSets = entry as string[][];
      else problems.push('helm.valueSets must be a list of lists of values files, e.g. [[values.yaml, values-prod.yaml]]');
    } else {
      problems.push(`unknown key "helm.${key}"`);
    }
  }
  return helm;
}

/** The nearest `.kubetier.yaml` walking up from a file, using the caller's file reader. */
export function findConfig(
  filePath: string,
  readFile: (file: string) => string | undefined,
  reservedIds?: ReadonlySet<string>,
): LoadedConfig | undefined {
  let dir = path.dirname(path.resolve(filePath));
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    const text = readFile(candidate);
    if (text !== undefined) return parseConfigFile(candidate, text, reservedIds);
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Whether a config's `ignore` globs (relative to the config's folder) exclude a file. */
export function isIgnoredBy(config: LoadedConfig | undefined, filePath: string): boolean {
  if (!config?.ignored) return false;
  const relative = path.relative(path.dirname(config.path), path.resolve(filePath)).split(path.sep).join('/');
  if (relative.startsWith('..')) return false;
  return config.ignored.matches(relative);
}

/**
 * Tier resolution, most specific first: CLI flag, modeline, nearest
 * `.kubetier.yaml`, host setting, default 1. The Kubernetes version follows
 * the same order.
 */
export function resolveSettings(
  text: string,
  config: LoadedConfig | undefined,
  host: HostSettings,
  cliTier?: Tier,
): ResolvedSettings {
  const modeline = parseModeline(text);
  let tier: Tier = DEFAULT_TIER;
  let tierSource: TierSource = { kind: 'default' };
  if (cliTier !== undefined) {
    tier = cliTier;
    tierSource = { kind: 'cli' };
  } else if (modeline?.tier !== undefined) {
    tier = modeline.tier;
    tierSource = { kind: 'modeline', line: modeline.line };
  } else if (config?.config.tier !== undefined) {
    tier = config.config.tier;
    tierSource = { kind: 'config', path: config.path };
  } else if (host.tier !== undefined) {
    tier = host.tier;
    tierSource = { kind: 'setting' };
  }
  const kubernetesVersion =
    modeline?.kubernetesVersion ?? config?.config.kubernetesVersion ?? host.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  return {
    tier,
    tierSource,
    kubernetesVersion,
    ruleOverrides: { ...host.rules, ...config?.config.rules },
    maxFindings: positiveInteger(host.maxFindingsPerFile) ?? DEFAULT_MAX_FINDINGS_PER_FILE,
    customRules: config?.customRules ?? [],
  };
}

/** A whole number of at least 1 from a setting or flag; anything else is not a limit. */
export function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** `kubetier.maxAliases`, `kubetier.maxNestingDepth` and `kubetier.maxDocumentNodes`; a missing or invalid value keeps the default. */
export function parseLimitsFrom(settings: { maxAliases?: unknown; maxNestingDepth?: unknown; maxDocumentNodes?: unknown }): ParseLimits {
  return {
    maxAliasCount: positiveInteger(settings.maxAliases) ?? DEFAULT_PARSE_LIMITS.maxAliasCount,
    maxNestingDepth: positiveInteger(settings.maxNestingDepth) ?? DEFAULT_PARSE_LIMITS.maxNestingDepth,
    maxDocumentNodes: positiveInteger(settings.maxDocumentNodes) ?? DEFAULT_PARSE_LIMITS.maxDocumentNodes,
  };
}

export function describeTierSource(source: TierSource): string {
  switch (source.kind) {
    case 'cli':
      return 'command line';
    case 'modeline':
      return `modeline (line ${source.line + 1})`;
    case 'config':
      return source.path;
    case 'setting':
      return 'kubetier.tier setting';
    case 'default':
      return 'default';
  }
}
