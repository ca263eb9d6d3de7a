import * as fs from 'fs';
import * as path from 'path';
import { parseModeline } from '../../server/src/engine/lint/config';
import { collectYamlFiles, ConfigCache } from '../../server/src/engine/workspace/disk';
import type { Finding } from '../../server/src/engine/lint/lint';
import { lintProject, type FileReport } from '../../server/src/engine/workspace/project';
import type { Rule } from '../../server/src/engine/lint/rule';
import type { Tier } from '../../server/src/engine/types';
import { RULES } from '../../server/src/rules';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
export const RULE_FIXTURES = path.join(FIXTURES, 'rules');
export const SHARED = path.resolve(REPO_ROOT, '../shared');

/** One fixture: a file, or a folder linted as one workspace (multi-file cases). */
export interface RuleFixture {
  ruleId: string;
  name: string;
  expectation: 'pass' | 'fail';
  path: string;
  isFolder: boolean;
}

export function listRuleFixtures(): RuleFixture[] {
  const result: RuleFixture[] = [];
  if (!fs.existsSync(RULE_FIXTURES)) return result;
  for (const ruleId of fs.readdirSync(RULE_FIXTURES).sort()) {
    const dir = path.join(RULE_FIXTURES, ruleId);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const match = /^(pass|fail)\./.exec(name);
      if (!match) continue;
      const full = path.join(dir, name);
      const isFolder = fs.statSync(full).isDirectory();
      if (!isFolder && (!/\.ya?ml$/.test(name) || /\.fixed\.ya?ml$/.test(name))) continue;
      result.push({ ruleId, name, expectation: match[1] as 'pass' | 'fail', path: full, isFolder });
    }
  }
  return result;
}

/** The lowest tier at which the rule is on: fixtures without a modeline are linted there. */
export function firstActiveTier(rule: Rule): Tier {
  const tiers = (Object.keys(rule.tiers).map(Number) as Tier[]).sort();
  return tiers.find((tier) => rule.tiers[tier] !== 'off') ?? 1;
}

export function fixtureFiles(fixture: RuleFixture): string[] {
  return fixture.isFolder ? collectYamlFiles([fixture.path], new ConfigCache()).files : [fixture.path];
}

/** Lints a fixture at its modeline tier, or at the rule's first active tier. */
export function lintFixture(fixture: RuleFixture, rules: readonly Rule[] = RULES): FileReport[] {
  const rule = rules.find((candidate) => candidate.id === fixture.ruleId);
  const files = fixtureFiles(fixture);
  const hasModeline = files.some((file) => parseModeline(fs.readFileSync(file, 'utf8'))?.tier !== undefined);
  const cliTier = hasModeline || !rule ? undefined : firstActiveTier(rule);
  return lintProject(
    files.map((file) => ({ path: file })),
    { rules, host: {}, cliTier },
  );
}

/** `# expect: <id>` marks a line a finding of <id> starts on; `# related: <id>` one its related information points at. */
const MARKER = /#\s*(expect|related):\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

/** Lines (0-based) a `# <marker>: <id>` comment marks: the line right after the comment. */
export function markedLines(text: string, marker: 'expect' | 'related', ruleId: string): number[] {
  const marked: number[] = [];
  text.split('\n').forEach((line, i) => {
    const match = MARKER.exec(line);
    if (match && match[1] === marker && match[2].split(/\s*,\s*/).includes(ruleId)) marked.push(i + 1);
  });
  return marked;
}

export function findingsOf(reports: FileReport[], ruleId: string): { path: string; finding: Finding }[] {
  return reports.flatMap((report) =>
    report.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => ({ path: report.path, finding })),
  );
}
