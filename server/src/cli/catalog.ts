// `kubetier rules` (the catalog) and `kubetier explain RULE` (one rule's docs, tiers and fix), with the
// custom rules of the `.kubetier.yaml` that applies to the current folder.
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../engine/lint/config';
import { ruleDocUrl, ruleFacts } from '../engine/lint/docs';
import { ConfigCache } from '../engine/workspace/disk';
import { tierSeverity, type Rule } from '../engine/lint/rule';
import { TIERS, type Tier } from '../engine/types';
import { RULES, RULES_BY_ID } from '../rules';
import { flagValue, parseArgs, tierFlag, UsageError } from './args';
import type { CliIO } from './main';
import { visibleText } from './progress';

function severitiesByTier(rule: Rule): Record<Tier, string> {
  return Object.fromEntries(TIERS.map((tier) => [tier, tierSeverity(rule.tiers, tier)])) as Record<Tier, string>;
}

function catalogEntry(rule: Rule) {
  return { id: rule.id, title: rule.title, category: rule.category, tiers: severitiesByTier(rule), fix: rule.fix ? { safe: rule.fix.safe } : null };
}

/** One line per rule: id, category, severity at T1..T5 and whether it has a quick-fix. */
function catalogTable(rules: readonly Rule[]): string {
  const idWidth = Math.max(...rules.map((rule) => rule.id.length), 'RULE'.length);
  const categoryWidth = Math.max(...rules.map((rule) => rule.category.length), 'CATEGORY'.length);
  const severityWidth = 'warning'.length;
  const header = ['RULE'.padEnd(idWidth), 'CATEGORY'.padEnd(categoryWidth), ...TIERS.map((tier) => `T${tier}`.padEnd(severityWidth)), 'FIX', 'TITLE'];
  const rows = rules.map((rule) => {
    const severities = severitiesByTier(rule);
    return [
      rule.id.padEnd(idWidth),
      rule.category.padEnd(categoryWidth),
      ...TIERS.map((tier) => (severities[tier] === 'off' ? '-' : severities[tier]).padEnd(severityWidth)),
      (rule.fix ? 'yes' : '-').padEnd(3),
      visibleText(rule.title),
    ];
  });
  return [header, ...rows].map((cells) => cells.join('  ')).join('\n');
}

/** The built-in rules, then the `customRules:` of the `.kubetier.yaml` a file in the current folder would use. */
function rulesHere(io: CliIO): { rules: readonly Rule[]; configPath?: string; custom: number } {
  const config = new ConfigCache(undefined, new Set(RULES_BY_ID.keys())).forFile(path.join(io.cwd, CONFIG_FILE_NAME));
  const custom = config?.customRules ?? [];
  return { rules: [...RULES, ...custom], configPath: config?.path, custom: custom.length };
}

export function rulesCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, { tier: { value: true }, format: { value: true, choices: ['text', 'json'] } });
  if (args.positional.length > 0) throw new UsageError(`rules takes no paths (got "${visibleText(args.positional[0])}"); see kubetier explain RULE`);
  const tier = tierFlag(args);
  // --tier N: the rules that run at tier N (the catalog's defaults, before .kubetier.yaml overrides).
  const here = rulesHere(io);
  const rules = tier === undefined ? here.rules : here.rules.filter((rule) => tierSeverity(rule.tiers, tier) !== 'off');
  if (flagValue(args, 'format') === 'json') {
    io.stdout(JSON.stringify({ rules: rules.map(catalogEntry) }, null, 2));
    return 0;
  }
  const custom = here.custom > 0 ? ` (${here.custom} custom, from ${visibleText(here.configPath!)})` : '';
  io.stdout(`${catalogTable(rules)}\n\n${rules.length} rules${custom}${tier === undefined ? '' : ` run at tier ${tier}`}. kubetier explain RULE for one rule; ${ruleDocUrl()}`);
  return 0;
}

/** Rule ids close to a mistyped one: same prefix, or contained in each other. */
function similarIds(id: string, rules: readonly Rule[]): string[] {
  const wanted = id.toLowerCase();
  return rules.map((rule) => rule.id).filter((candidate) => candidate.includes(wanted) || wanted.includes(candidate) || candidate.startsWith(wanted.slice(0, 4)));
}

export function explainCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, {});
  if (args.positional.length !== 1) throw new UsageError('explain takes one rule id, for example: kubetier explain privileged');
  const id = args.positional[0];
  const { rules } = rulesHere(io);
  const rule = rules.find((candidate) => candidate.id === id);
  if (!rule) {
    const similar = similarIds(id, rules).slice(0, 5);
    io.stderr(`kubetier explain: no rule "${visibleText(id)}"${similar.length > 0 ? `; did you mean ${similar.join(', ')}?` : ''} (kubetier rules lists them all)`);
    return 2;
  }
  const severities = severitiesByTier(rule);
  // A custom rule's title and docs come from the workspace: no control character reaches the terminal.
  const text = [
    `${rule.id}: ${rule.title} (${rule.category})`,
    '',
    ...ruleFacts(rule),
    '',
    'Severity at each tier:',
    ...TIERS.map((tier) => `  T${tier}  ${severities[tier]}`),
    '',
    `Turn it off or change its severity in .kubetier.yaml: rules: { ${rule.id}: off }, or for one object: # kubetier-disable-next-line ${rule.id}`,
    `Docs: ${rule.helpUri ?? ruleDocUrl(rule.id)}`,
  ].join('\n');
  io.stdout(text.split('\n').map(visibleText).join('\n'));
  return 0;
}
