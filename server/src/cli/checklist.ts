import * as path from 'path';
import { loadChecklistWorkspace } from '../checklist/disk';
import { evaluateChecklist, missingForTier, type ChecklistReport } from '../checklist';
import { deliveryStatus, findingsByRule, type DeliveryLineStatus } from '../checklist/delivery';
import { ConfigCache } from '../engine/workspace/disk';
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

/** JSON: `{"tier","items":[{"id","tier","title","status","evidence":[{"path","line"}]}],"byTier":{...},"delivery":[...]}` */
export function checklistJson(report: ChecklistReport, delivery: readonly DeliveryLineStatus[], cwd: string): string {
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
      delivery,
    },
    null,
    2,
  );
}

function tiersShown(report: ChecklistReport): Tier[] {
  return TIERS.filter((tier) => tier <= Math.min(5, report.targetTier + 1));
}

/**
 * A section 19 line is done when it has evidence and all of it holds (items done or not applicable, no
 * finding of its rules); a line without evidence is a judgement call; lines of later tiers are not due.
 */
function deliveryMark(line: DeliveryLineStatus, targetTier: number): string {
  if (line.tier > targetTier) return '[-]';
  if (line.items.length === 0 && line.rules.length === 0) return '[?]';
  const holds = line.items.every((item) => item.status !== 'missing') && line.rules.every((rule) => rule.findings === 0);
  return holds ? '[x]' : '[ ]';
}

function deliveryFacts(line: DeliveryLineStatus): string {
  const facts = [
    ...line.items.map((item) => `${item.title}: ${item.status}`),
    ...line.rules.map((rule) => `${rule.id}: ${rule.findings} finding${rule.findings === 1 ? '' : 's'}`),
  ];
  return facts.length > 0 ? ` (${facts.join('; ')})` : ' (judgement call: no automatic evidence)';
}

/** The seed's "Before delivering" list, by section, each line with its mark and evidence. */
export function deliveryText(delivery: readonly DeliveryLineStatus[], targetTier: number, markdown: boolean): string[] {
  const out = [markdown ? '## Before delivering' : 'Before delivering', ''];
  for (const section of [...new Set(delivery.map((line) => line.section))]) {
    out.push(markdown ? `### ${section}` : `  ${section}`);
    for (const line of delivery.filter((entry) => entry.section === section)) {
      const later = line.tier > targetTier ? ` (tier ${line.tier}+)` : '';
      out.push(`${markdown ? '- ' : '    '}${deliveryMark(line, targetTier)} ${line.text}${later}${deliveryFacts(line)}`);
    }
    out.push('');
  }
  return out;
}

export function checklistText(report: ChecklistReport, delivery: readonly DeliveryLineStatus[], cwd: string, markdown: boolean): string {
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
  out.push(...deliveryText(delivery, report.targetTier, markdown));
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
  const configs = new ConfigCache();
  const { workspace, errors } = loadChecklistWorkspace(paths, configs, render);
  if (errors.length > 0) {
    for (const error of errors) io.stderr(`kubetier: ${escapeControl(error)}`);
    return 2;
  }
  const report = evaluateChecklist(workspace, tier);
  const delivery = deliveryStatus(report, findingsByRule({ files: workspace.index.allFiles(), index: workspace.index, configs, host: {} }, tier));
  const format = flagValue(args, 'format') ?? 'text';
  io.stdout(format === 'json' ? checklistJson(report, delivery, io.cwd) : checklistText(report, delivery, io.cwd, format === 'markdown'));
  return missingForTier(report).length > 0 ? 1 : 0;
}
