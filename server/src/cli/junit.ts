// `--format junit`: JUnit XML, which GitLab, Jenkins, Azure Pipelines and CircleCI show as test results.
// One test case per file and rule: the rules that ran on the file (at its tier and overrides) plus any
// other id a finding carries (a syntax error, an internal error), so a clean file shows what it passed.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { activeSeverity, type Finding } from '../engine/lint/lint';
import type { Rule } from '../engine/lint/rule';
import type { FileReport } from '../engine/workspace/project';
import { severityRank, type Severity } from '../engine/types';
import { displayPath } from './format';

interface CaseResult {
  rule: string;
  findings: Finding[];
}

/** A test case fails when one of its findings reaches `--fail-on`, as the exit code does. */
function failing(findings: readonly Finding[], failOn: Severity): Finding[] {
  return findings.filter((finding) => severityRank(finding.severity) <= severityRank(failOn));
}

function casesOf(report: FileReport, rules: readonly Rule[]): CaseResult[] {
  const byRule = new Map<string, Finding[]>();
  for (const rule of [...rules, ...report.settings.customRules]) if (activeSeverity(rule, report.settings)) byRule.set(rule.id, []);
  for (const finding of report.findings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
  return [...byRule].map(([rule, findings]) => ({ rule, findings }));
}

/** Messages name their object, so a line needs only where and how severe. */
function findingLine(finding: Finding, file: string): string {
  return `${file}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.severity}: ${finding.message}`;
}

function addCase(suite: XMLBuilder, file: string, { rule, findings }: CaseResult, failOn: Severity): boolean {
  const testCase = suite.ele('testcase', { name: rule, classname: file });
  const failures = failing(findings, failOn);
  if (failures.length > 0) {
    testCase
      .ele('failure', { message: `${failures.length} finding${failures.length === 1 ? '' : 's'} at ${failOn} or above`, type: failures[0].severity })
      .txt(failures.map((finding) => findingLine(finding, file)).join('\n'));
  }
  // Findings below --fail-on do not fail the case but stay visible in its output.
  const below = findings.filter((finding) => !failures.includes(finding));
  if (below.length > 0) testCase.ele('system-out').txt(below.map((finding) => findingLine(finding, file)).join('\n'));
  return failures.length > 0;
}

export function formatJunit(reports: readonly FileReport[], rules: readonly Rule[], failOn: Severity, cwd: string): string {
  // Workspace strings may hold characters XML 1.0 cannot carry at all (most C0 controls): replace them.
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' }).ele('testsuites', { name: 'kubetier' });
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const report of reports) {
    const file = displayPath(report.path, cwd);
    const suite = root.ele('testsuite', { name: file });
    let suiteTests = 0;
    let suiteFailures = 0;
    if (report.skipped) {
      suite.ele('testcase', { name: 'kubetier', classname: file }).ele('skipped', { message: `kubetier did not check this file: ${report.skipped}` });
      suiteTests = 1;
      skipped++;
    } else {
      for (const result of casesOf(report, rules)) {
        suiteTests++;
        if (addCase(suite, file, result, failOn)) suiteFailures++;
      }
    }
    suite.att({ tests: String(suiteTests), failures: String(suiteFailures), errors: '0', skipped: report.skipped ? '1' : '0' });
    tests += suiteTests;
    failures += suiteFailures;
  }
  root.att({ tests: String(tests), failures: String(failures), errors: '0', skipped: String(skipped) });
  return root.end({ prettyPrint: true });
}
