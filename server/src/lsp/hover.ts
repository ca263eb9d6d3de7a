import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import type { ResolvedSettings } from '../engine/lint/config';
import { ruleDocUrl } from '../engine/lint/docs';
import type { Finding } from '../engine/lint/lint';
import { describeTierTable, tierSeverity, type Rule } from '../engine/lint/rule';
import { TIER_NAMES, TIERS } from '../engine/types';

/**
 * One contribution to a hover. Several providers answer the same hover (kubetier's findings,
 * schema descriptions from yaml-language-server); `combineHovers` joins what they return.
 */
export interface HoverPart {
  markdown: string;
  range?: Range;
}

/** What the findings provider needs: the latest lint of the document. */
export interface LintSnapshot {
  findings: readonly Finding[];
  settings: ResolvedSettings;
}

export function rangeContains(range: Range, position: Position): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** `| T1 | T2 | ... |` with the severity per tier, the current tier in bold. */
export function tierTableMarkdown(rule: Rule, current: ResolvedSettings['tier']): string {
  const header = TIERS.map((tier) => (tier === current ? `**T${tier}**` : `T${tier}`));
  const cells = TIERS.map((tier) => {
    const severity = tierSeverity(rule.tiers, tier);
    return tier === current ? `**${severity}**` : severity;
  });
  return [`| ${header.join(' | ')} |`, `|${TIERS.map(() => '---').join('|')}|`, `| ${cells.join(' | ')} |`].join('\n');
}

function fixLine(rule: Rule, finding: Finding): string | undefined {
  if (!rule.fix) return undefined;
  const title = typeof rule.fix.title === 'string' ? rule.fix.title : rule.fix.title(finding.fix?.data ?? {});
  return `Quick-fix: ${title}${rule.fix.safe ? '' : ' (offered on its own, not by "fix all")'}.`;
}

/** Markdown for one finding: title, severity at the current tier, the tier table, why, the fix and the docs. */
export function findingHoverMarkdown(rule: Rule, finding: Finding, settings: ResolvedSettings): string {
  const overridden = settings.ruleOverrides[rule.id] !== undefined;
  const severityLine =
    `**${finding.severity}** at tier ${settings.tier} (${TIER_NAMES[settings.tier]})` +
    (overridden ? `, set by a \`rules:\` override (${settings.ruleOverrides[rule.id]})` : '');
  return [
    `**${rule.title}** · \`${rule.id}\``,
    '',
    severityLine,
    '',
    `Tiers: ${describeTierTable(rule.tiers)}${rule.severityNote ? ` (${rule.severityNote})` : ''}`,
    '',
    tierTableMarkdown(rule, settings.tier),
    '',
    `**Why:** ${rule.rationale}`,
    '',
    `**Fix:** ${rule.remediation}`,
    ...(fixLine(rule, finding) ? ['', fixLine(rule, finding)!] : []),
    '',
    `[Rule documentation](${rule.helpUri ?? ruleDocUrl(rule.id)})`,
  ].join('\n');
}

/** The findings under the cursor, most precise range first, as hover parts. */
export function findingsHover(
  snapshot: LintSnapshot | undefined,
  position: Position,
  rulesById: ReadonlyMap<string, Rule>,
): HoverPart | undefined {
  if (!snapshot) return undefined;
  const hits = snapshot.findings
    .filter((finding) => rangeContains(finding.range, position))
    .sort((a, b) => rangeSize(a.range) - rangeSize(b.range));
  const sections: string[] = [];
  const seen = new Set<string>();
  for (const finding of hits) {
    const rule = rulesById.get(finding.ruleId) ?? snapshot.settings.customRules.find((custom) => custom.id === finding.ruleId);
    // One section per rule: two findings of a rule on one node would repeat the same explanation.
    if (!rule || seen.has(rule.id)) continue;
    seen.add(rule.id);
    sections.push(findingHoverMarkdown(rule, finding, snapshot.settings));
  }
  if (sections.length === 0) return undefined;
  return { markdown: sections.join('\n\n---\n\n'), range: hits[0].range };
}

function rangeSize(range: Range): number {
  return (range.end.line - range.start.line) * 100_000 + (range.end.character - range.start.character);
}

/** Joins the parts of several providers into one hover (kubetier first, then schema help). */
export function combineHovers(parts: readonly (HoverPart | undefined)[]): Hover | null {
  const present = parts.filter((part): part is HoverPart => part !== undefined && part.markdown.trim() !== '');
  if (present.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: present.map((part) => part.markdown).join('\n\n---\n\n') },
    range: present.find((part) => part.range)?.range,
  };
}
