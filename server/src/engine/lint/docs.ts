import { describeTierTable, type Rule } from './rule';

export const REPOSITORY_URL = 'https://github.com/kubetier/kubetier';

/** Where a rule is documented: its section of docs/rules.md (the catalog when no id is given). */
export function ruleDocUrl(ruleId?: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules.md${ruleId ? `#${ruleId}` : ''}`;
}

function fixTitle(rule: Rule): string {
  if (!rule.fix) return '-';
  const title = typeof rule.fix.title === 'string' ? rule.fix.title : rule.fix.title({});
  return `${title}${rule.fix.safe ? '' : ' (offered one by one, not applied by fix all)'}`;
}

/** docs/rules.md, generated from the registry so it cannot drift (a test compares it). */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  const lines = [
    '# kubetier rules',
    '',
    '<!-- Generated from the rule registry by `npm run generate`; do not edit by hand. -->',
    '',
    'Severities are per target tier and cumulative: `T2+ warning` means off at tier 1 and a warning at tiers 2 to 5.',
    'Override any of them per folder in `.kubetier.yaml` (`rules: { <id>: off | hint | info | warning | error }`).',
    '',
    '| id | title | tiers | fix |',
    '|---|---|---|---|',
    ...rules.map((rule) => `| [${rule.id}](#${rule.id}) | ${rule.title} | ${describeTierTable(rule.tiers)} | ${rule.fix ? 'yes' : '-'} |`),
    '',
  ];
  for (const rule of rules) lines.push(`## ${rule.id}`, '', `**${rule.title}** (${rule.category})`, '', ...ruleFacts(rule), '');
  return lines.join('\n');
}

/** What docs/rules.md and `kubetier explain` say about a rule: tiers, why, how to fix, quick-fix. */
export function ruleFacts(rule: Rule): string[] {
  return [
    `- Tiers: ${describeTierTable(rule.tiers)}${rule.severityNote ? ` (${rule.severityNote})` : ''}`,
    `- Why: ${rule.rationale}`,
    `- How to fix: ${rule.remediation}`,
    `- Quick-fix: ${fixTitle(rule)}`,
    ...(rule.workspace ? [`- Looks across files; stays silent when ${rule.workspace.silencedBy}`] : []),
  ];
}
