import * as path from 'path';
import { loadChecklistWorkspace } from '../checklist/disk';
import { evaluateChecklist, missingForTier, type ChecklistReport } from '../checklist';
import { TIER_NAMES, TIERS, isTier, type Tier } from '../engine/types';
import { flagValue, parseArgs, UsageError } from './args';
import { RENDER_FLAGS, renderOptionsFrom } from './renderFlags';
import type { CliIO } from './main';
import { escapeControl } from './terminal';

const MARKS = { done: '[x]', missing: '[ ]', 'not-applicable': '[-]' } as const;

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}

/** JSON: `{"tier","items":[{"id","tier","title","status","evidence":[{"path","line"}]}],"byTier":{...}}` */
export function checklistJson(report: ChecklistReport, cwd: string): string {
  return JSON.stringify(
    {
      tier: report.targetTier,
      items: report.items.map((item) => ({
        id: item.id,
        tier: item.tier,
        title: item.title,
        status: item.status,
        ...(item.detail ? { detail: item.detail } : {}),
        evidence: item.evidence.map((evidence) => ({ path: displayPath(evidence.path, cwd), line: evidence.range.start.line + 1, label: evidence.label })),
      })),
      byTier: report.byTier,
    },
    null,
    2,
  );
}

function tiersShown(report: ChecklistReport): Tier[] {
  return TIERS.filter((tier) => tier <= Math.min(5, report.targetTier + 1));
}

export function checklistText(report: ChecklistReport, cwd: string, markdown: boolean): string {
  const out: string[] = [];
  for (const tier of tiersShown(report)) {
    const progress = report.byTier[tier];
    const heading = `Tier ${tier} ${TIER_NAMES[tier]}${tier > report.targetTier ? ' (to reach next)' : ''}: ${progress.done}/${progress.done + progress.missing} done (${progress.percent} %)`;
    out.push(markdown ? `## ${heading}` : heading, '');
    for (const item of report.items.filter((entry) => entry.tier === tier)) {
      const where = item.evidence
        .slice(0, 3)
        .map((evidence) => `${displayPath(evidence.path, cwd)}:${evidence.range.start.line + 1}`)
        .join(', ');
      const more = item.evidence.length > 3 ? ` (+${item.evidence.length - 3} more)` : '';
      const suffix = item.status === 'done' ? (where ? ` (${where}${more})` : '') : item.detail ? ` (${item.detail})` : '';
      out.push(`${markdown ? '- ' : '  '}${MARKS[item.status]} ${item.title}${suffix}`);
    }
    out.push('');
  }
  // Titles, evidence paths and details name workspace files and objects.
  return out.map(escapeControl).join('\n');
}

/** `kubetier checklist [paths] --tier N --format text|json|markdown`: exit 1 when an item of tier <= N is missing. */
export function checklistCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, { tier: { value: true }, format: { value: true, choices: ['text', 'json', 'markdown'] }, ...RENDER_FLAGS });
  const rawTier = flagValue(args, 'tier') ?? '1';
  const tier = Number(rawTier);
  if (!isTier(tier)) throw new UsageError(`--tier must be 1, 2, 3, 4 or 5 (got "${rawTier}")`);
  // Relative to the caller's folder (io.cwd), as lint's are.
  const paths = (args.positional.length > 0 ? args.positional : ['.']).map((p) => path.resolve(io.cwd, p));
  const render = renderOptionsFrom(args, io.cwd, paths);
  const { workspace, errors } = loadChecklistWorkspace(paths, undefined, render);
  if (errors.length > 0) {
    for (const error of errors) io.stderr(`kubetier: ${escapeControl(error)}`);
    return 2;
  }
  const report = evaluateChecklist(workspace, tier);
  const format = flagValue(args, 'format') ?? 'text';
  io.stdout(format === 'json' ? checklistJson(report, io.cwd) : checklistText(report, io.cwd, format === 'markdown'));
  return missingForTier(report).length > 0 ? 1 : 0;
}
