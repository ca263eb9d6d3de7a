// What "Generate tier bundle" decides before it writes, without the vscode API: the choices each step
// offers (only combinations the generator accepts), the options a preset argument fills in, and what the
// overwrite confirmation says. The command (command.ts) only asks and shows.
import * as fs from 'fs';
import * as path from 'path';
import { isTier, type Tier } from '../../../server/src/engine/types';
import {
  COMPLIANCE,
  defaultsFor,
  existingFiles,
  GITOPS,
  MESHES,
  nameProblem,
  optionProblems,
  PACKAGINGS,
  PROVIDERS,
  SECRETS,
  type BundleFile,
  type BundleOptions,
} from '../../../server/src/generator';

/**
 * The command's argument: any subset of the options. With `name` and `path` (or `parent`) set it runs
 * without asking (tests, scripts); otherwise the given values are the preselected answers of the steps.
 */
export interface GenerateBundleArgs extends Partial<BundleOptions> {
  /** Target folder (absolute, or relative to `parent`). */
  path?: string;
  /** The folder a relative `path`, or the bundle's name, goes in ("Generate tier bundle here"); default the first workspace folder. */
  parent?: string;
  /** Pre-confirms writing into a folder that is not empty (overwriting the bundle's own files there). */
  overwrite?: boolean;
  /** Open the tier checklist after generating (default true). */
  openChecklist?: boolean;
}

type Choosable = 'provider' | 'packaging' | 'gitops' | 'mesh' | 'secrets';

/** Values a step offers at a tier: every value the generator accepts, the tier's default first. */
export function choicesFor(key: Choosable, tier: Tier): readonly string[] {
  const all = { provider: PROVIDERS, packaging: PACKAGINGS, gitops: GITOPS, mesh: MESHES, secrets: SECRETS }[key];
  const defaults = defaultsFor(tier);
  const valid = all.filter((value) => optionProblems({ name: 'x', tier, ...defaults, [key]: value }).length === 0);
  // The default first, so Enter accepts it.
  return [defaults[key], ...valid.filter((value) => value !== defaults[key])];
}

/** Why a preset cannot be used as given, or undefined. */
export function presetProblem(args: GenerateBundleArgs): string | undefined {
  if (args.tier !== undefined && !isTier(args.tier)) return `tier must be 1-5 (got ${String(args.tier)})`;
  if (args.name !== undefined && typeof args.name === 'string' && nameProblem(args.name)) return `name "${args.name}": ${nameProblem(args.name)}`;
  const tier = args.tier ?? 1;
  for (const key of ['provider', 'packaging', 'gitops', 'mesh', 'secrets'] as const) {
    const value = args[key];
    if (value !== undefined && !choicesFor(key, tier).includes(value)) return `${key} "${String(value)}" is not offered at tier ${tier} (choose ${choicesFor(key, tier).join(', ')})`;
  }
  if (args.compliance !== undefined && !(COMPLIANCE as readonly string[]).includes(args.compliance)) return `compliance "${String(args.compliance)}" is not known (choose ${COMPLIANCE.join(', ')})`;
  return undefined;
}

/** The full options of a preset: what it leaves out takes the tier's defaults (tiers.md). */
export function optionsFromPreset(args: GenerateBundleArgs & { name: string }): BundleOptions {
  const tier = args.tier ?? 1;
  const defaults = defaultsFor(tier);
  return {
    name: args.name,
    tier,
    provider: args.provider ?? defaults.provider,
    packaging: args.packaging ?? defaults.packaging,
    gitops: args.gitops ?? defaults.gitops,
    mesh: args.mesh ?? defaults.mesh,
    secrets: args.secrets ?? defaults.secrets,
    compliance: args.compliance ?? 'none',
  };
}

/** A relative target is relative to the workspace folder (or the home folder when none is open). */
export function resolveTarget(target: string, base: string): string {
  return path.resolve(base, target);
}

/** What is in the way: the bundle files that would be overwritten, and how many other entries the folder holds. */
export interface TargetState {
  overwritten: string[];
  otherEntries: number;
}

export function targetState(target: string, files: readonly BundleFile[]): TargetState {
  const overwritten = existingFiles(target, files);
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(target);
  } catch {
    // A folder that does not exist yet is empty.
  }
  const topLevel = new Set(overwritten.map((file) => file.split('/')[0]));
  return { overwritten, otherEntries: entries.filter((entry) => !topLevel.has(entry)).length };
}

export function isEmptyTarget(state: TargetState): boolean {
  return state.overwritten.length === 0 && state.otherEntries === 0;
}

/** The modal confirmation's text: every file that would be overwritten (the first 15, then a count). */
export function confirmationMessage(target: string, state: TargetState): string {
  const shown = state.overwritten.slice(0, 15).map((file) => `• ${file}`);
  const more = state.overwritten.length > shown.length ? [`… and ${state.overwritten.length - shown.length} more`] : [];
  const kept = state.otherEntries > 0 ? `${state.otherEntries} other entr${state.otherEntries === 1 ? 'y is' : 'ies are'} left untouched.` : '';
  return state.overwritten.length > 0
    ? [`${target} already has ${state.overwritten.length} of the bundle's files. Overwrite them?`, ...shown, ...more, kept].filter(Boolean).join('\n')
    : `${target} is not empty. Add the bundle's files next to what is there? ${kept}`;
}
