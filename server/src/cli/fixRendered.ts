// `kubetier fix` on charts and overlays: the fixes of what they render, applied to the template line,
// values file, resource or patch the finding maps to (a rendered finding's `sourceFix`), never elsewhere.
import * as fs from 'fs';
import * as path from 'path';
import { applySourceFixes } from '../engine/edit/sourceedits';
import { unifiedDiff } from '../engine/edit/textdiff';
import type { SourceFix } from '../engine/lint/lint';
import type { ConfigCache } from '../engine/workspace/disk';
import { isKustomizationPath } from '../engine/workspace/kustomize';
import { lintProject, type ProjectRenderOptions } from '../engine/workspace/project';
import type { Tier } from '../engine/types';
import { RULES, RULES_BY_ID } from '../rules';
import type { CliIO } from './main';
import { escapeControl } from './terminal';

export interface RenderedFixOptions {
  files: readonly string[];
  render: ProjectRenderOptions;
  kubernetesVersion?: string;
  cliTier?: Tier;
  /** Which rules' fixes: the named ones, or (undefined) the safe ones, or all with --all. */
  ruleFilter?: ReadonlySet<string>;
  all: boolean;
  dryRun: boolean;
  displayPath(file: string): string;
  write(file: string, expected: string, text: string): string | undefined;
}

type RuleFix = SourceFix & { ruleId: string };

/** Rounds of render-and-fix: fixes that touch one place (keys added to one map) go one per round. */
const MAX_ROUNDS = 6;

/**
 * Applies the rendered findings' fixes, rendering again after each round; the count of files changed and of
 * files left as they are, and the files renders stand for (their objects are fixed through the render,
 * never as loose fragments). A dry run shows the first round: later ones need its edits on disk to render.
 */
export function fixRendered(options: RenderedFixOptions, io: CliIO, configs: ConfigCache): { changed: number; leftAsIs: number; rendered: Set<string> } {
  const fixedRules = new Map<string, Set<string>>();
  const leftAsIs = new Set<string>();
  let rendered: Set<string> | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const reports = lintProject(
      options.files.map((file) => ({ path: file })),
      { rules: RULES, host: { kubernetesVersion: options.kubernetesVersion }, cliTier: options.cliTier, render: options.render },
      configs,
    );
    rendered ??= new Set(reports.filter((report) => report.rendered).map((report) => path.resolve(report.path)));
    const fixes = reports.flatMap((report) => report.findings.flatMap((finding): RuleFix[] => (finding.sourceFix && accepted(finding.ruleId, finding.sourceFix, options) ? [{ ...finding.sourceFix, ruleId: finding.ruleId }] : [])));
    const originals = new Map<string, string>();
    const { texts, applied, notApplied } = applySourceFixes(
      fixes.filter((fix) => !fix.edits.some((edit) => leftAsIs.has(edit.path))),
      (file) => readText(file, originals),
    );
    for (const [file, text] of texts) {
      const notWritten = options.write(file, originals.get(file)!, text);
      if (notWritten) {
        io.stderr(`kubetier fix: ${escapeControl(options.displayPath(file))}: ${escapeControl(notWritten)}`);
        leftAsIs.add(file);
        continue;
      }
      const rules = fixedRules.get(file) ?? new Set<string>();
      for (const fix of applied) if (fix.edits.some((edit) => edit.path === file)) rules.add(fix.ruleId);
      fixedRules.set(file, rules);
      if (options.dryRun) io.stdout(unifiedDiff(escapeControl(options.displayPath(file)), originals.get(file)!, text));
    }
    if (options.dryRun && notApplied.length > 0) io.stderr(`kubetier fix: ${notApplied.length} more fix${notApplied.length === 1 ? '' : 'es'} of rendered objects follow once these are written`);
    if (options.dryRun || texts.size === 0) break;
  }
  if (!options.dryRun) {
    for (const [file, rules] of fixedRules) io.stderr(`fixed ${escapeControl(options.displayPath(file))}: ${[...rules].sort().join(', ')} (for what its chart or overlay renders)`);
  }
  return { changed: fixedRules.size, leftAsIs: leftAsIs.size, rendered: rendered ?? new Set() };
}

function readText(file: string, into: Map<string, string>): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    into.set(file, text);
    return text;
  } catch {
    return undefined;
  }
}

function accepted(ruleId: string, fix: SourceFix, options: RenderedFixOptions): boolean {
  if (options.ruleFilter) return options.ruleFilter.has(ruleId);
  return options.all || (fix.safe && RULES_BY_ID.has(ruleId));
}

/** Whether the files hold a chart or an overlay: only those have renders to fix. */
export function hasRenderTargets(files: readonly string[]): boolean {
  return files.some((file) => path.basename(file) === 'Chart.yaml' || isKustomizationPath(file));
}
