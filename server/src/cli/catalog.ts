// `kubetier rules` (the catalog) and `kubetier explain RULE` (one rule's docs, tiers and fix).
import { ruleDocUrl, ruleFacts } from '../engine/lint/docs';
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
      rule.title,
    ];
  });
  return [header, ...rows].map((cells) => cells.join('  ')).join('\n');
}

export function rulesCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, { tier: { value: true }, format: { value: true, choices: ['text', 'json'] } });
  if (args.positional.length > 0) throw new UsageError(`rules takes no paths (got "${visibleText(args.positional[0])}"); see kubetier explain RULE`);
  const tier = tierFlag(args);
  // --tier N: the rules that run at tier N (the catalog's defaults, before .kubetier.yaml overrides).
  const rules = tier === undefined ? RULES : RULES.filter((rule) => tierSeverity(rule.tiers, tier) !== 'off');
  if (flagValue(args, 'format') === 'json') io.stdout(JSON.stringify({ rules: rules.map(catalogEntry) }, null, 2));
  else io.stdout(`${catalogTable(rules)}\n\n${rules.length} rules${tier === undefined ? '' : ` run at tier ${tier}`}. kubetier explain RULE for one rule; ${ruleDocUrl()}`);
  return 0;
}

/** Rule ids close to a mistyped one: same prefix, or contained in each other. */
function similarIds(id: string): string[] {
  const wanted = id.toLowerCase();
  return RULES.map((rule) => rule.id).filter((candidate) => candidate.includes(wanted) || wanted.includes(candidate) || candidate.startsWith(wanted.slice(0, 4)));
}

export function explainCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, {});
  if (args.positional.length !== 1) throw new UsageError('explain takes one rule id, for example: kubetier explain privileged');
  const id = args.positional[0];
  const rule = RULES_BY_ID.get(id);
  if (!rule) {
    const similar = similarIds(id).slice(0, 5);
    io.stderr(`kubetier explain: no rule "${visibleText(id)}"${similar.length > 0 ? `; did you mean ${similar.join(', ')}?` : ''} (kubetier rules lists them all)`);
    return 2;
  }
  const severities = severitiesByTier(rule);
  io.stdout(
    [
      `${rule.id}: ${rule.title} (${rule.category})`,
      '',
      ...ruleFacts(rule),
      '',
      'Severity at each tier:',
      ...TIERS.map((tier) => `  T${tier}  ${severities[tier]}`),
      '',
      `Turn it off or change its severity in .kubetier.yaml: rules: { ${rule.id}: off }, or for one object: # kubetier-disable-next-line ${rule.id}`,
      `Docs: ${ruleDocUrl(rule.id)}`,
    ].join('\n'),
  );
  return 0;
}
