// Properties of "fix all" over real manifests: the Polaris failure fixtures and a bounded, fixed
// sample of ../shared/corpus/real (FIX_PROPERTY_ALL=1 runs every real file). After fix-all at tier 5:
// the output parses, no fixed finding fires again on its object, fix-all again changes nothing,
// and every comment of the input is still in the output.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/config';
import { parseText } from '../../server/src/engine/disk';
import { commentOf } from '../../server/src/engine/edits';
import { createsObjects, fixAllText, fixOperations } from '../../server/src/engine/fix';
import { lintFile, type Finding } from '../../server/src/engine/lint';
import type { ParsedFile } from '../../server/src/engine/model';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { RULES, RULES_BY_ID } from '../../server/src/rules';
import { SHARED } from '../support/fixtures';

const REAL_SAMPLE = 80;

function yamlFiles(dir: string, accept: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const result: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) result.push(...yamlFiles(full, accept));
    else if (/\.ya?ml$/.test(entry.name) && accept(entry.name)) result.push(full);
  }
  return result;
}

/** Every n-th file, so the sample is spread over all projects and the same on every run. */
function spread<T>(items: T[], count: number): T[] {
  if (process.env.FIX_PROPERTY_ALL === '1' || items.length <= count) return items;
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}

const settingsFor = (text: string) => resolveSettings(text, undefined, {}, 5);

function lint(file: ParsedFile): Finding[] {
  return lintFile(file, { settings: settingsFor(file.text), index: WorkspaceIndex.of([file]), rules: RULES });
}

const objectKey = (finding: Finding) => `${finding.ruleId}@${finding.fix!.documentIndex}/${finding.fix!.basePath.join('.')}`;

function comments(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const comment = commentOf(line)?.trim();
    if (comment) counts.set(comment, (counts.get(comment) ?? 0) + 1);
  }
  return counts;
}

/** What is wrong with fix-all on one file; [] when every property holds. */
function violations(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const before = parseText(file, text);
  if (before.problems.length > 0 || before.isHelmTemplate) return [];
  const settings = settingsFor(text);
  const index = WorkspaceIndex.of([before]);
  // The findings fix-all is meant to fix: safe fixes that edit the flagged object.
  const fixable = lint(before).filter((finding) => {
    const rule = RULES_BY_ID.get(finding.ruleId);
    if (!rule?.fix?.safe || !finding.fix) return false;
    const operations = fixOperations(before, finding, rule, { index, tier: settings.tier });
    return operations !== undefined && !createsObjects(operations);
  });
  const result = fixAllText(file, text, { rules: RULES, settings, index });
  const problems: string[] = [];
  const after = parseText(file, result.text);
  if (after.problems.length > 0) return [`output does not parse: ${after.problems[0].message}`];
  // Only findings that still have a fix count: a rule may leave an unfixable finding on the object
  // it fixed (resource-limits: the cpu limit stays the author's choice once the memory limit is set).
  const afterIndex = WorkspaceIndex.of([after]);
  const stillFixable = (finding: Finding) =>
    fixOperations(after, finding, RULES_BY_ID.get(finding.ruleId), { index: afterIndex, tier: settings.tier }) !== undefined;
  const remaining = new Set(lint(after).filter(stillFixable).map(objectKey));
  for (const finding of fixable) {
    if (remaining.has(objectKey(finding))) problems.push(`${finding.ruleId} still fires on ${objectKey(finding)}: ${finding.message}`);
  }
  const again = fixAllText(file, result.text, { rules: RULES, settings, index: WorkspaceIndex.of([after]) });
  if (again.text !== result.text) problems.push('fix-all of the output changes it again');
  const kept = comments(result.text);
  for (const [comment, count] of comments(text)) {
    if ((kept.get(comment) ?? 0) < count) problems.push(`comment lost: ${comment}`);
  }
  return [...new Set(problems)];
}

function check(files: string[]): void {
  const failures: string[] = [];
  for (const file of files) {
    for (const problem of violations(file)) failures.push(`${path.relative(SHARED, file)}: ${problem}`);
  }
  assert.deepEqual(failures, []);
}

describe('fix-all properties', () => {
  const polaris = yamlFiles(path.join(SHARED, 'corpus/polaris'), (name) => name.startsWith('failure'));
  const real = spread(yamlFiles(path.join(SHARED, 'corpus/real'), () => true), REAL_SAMPLE);

  it('the corpora are there', () => {
    assert.ok(polaris.length > 50, `polaris failure fixtures: ${polaris.length}`);
    assert.ok(real.length >= Math.min(REAL_SAMPLE, 50), `real manifests: ${real.length}`);
  });

  it('Polaris failure fixtures', () => check(polaris));

  it(`a sample of ${REAL_SAMPLE} real manifests`, () => check(real));
});
