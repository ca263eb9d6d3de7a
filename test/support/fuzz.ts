// Mutation fuzzing of the engine over real manifests: documents from ../shared/corpus are edited the way
// hands and tools break YAML (lines deleted, duplicated, reindented, values retyped, text truncated,
// YAML punctuation inserted) and every result must lint without an exception and with sane ranges.
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseText } from '../../server/src/engine/workspace/disk';
import { INTERNAL_ERROR_ID, lintFile, type Finding } from '../../server/src/engine/lint/lint';
import { resolveSettings, type ResolvedSettings } from '../../server/src/engine/lint/config';
import { fixAllText } from '../../server/src/engine/edit/fix';
import type { Tier } from '../../server/src/engine/types';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES } from '../../server/src/rules';
import { SHARED } from './fixtures';

const MAX_SEED_BYTES = 40_000;

/** Manifests to mutate: every Polaris fixture and a spread of the real corpus, small enough to run fast. */
export function seedDocuments(limit = 120): { name: string; text: string }[] {
  const roots = [path.join(SHARED, 'corpus/polaris'), path.join(SHARED, 'corpus/real')];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name) && fs.statSync(full).size <= MAX_SEED_BYTES) files.push(full);
    }
  };
  for (const root of roots) walk(root);
  files.sort();
  if (files.length === 0) throw new Error(`no seed manifests under ${roots.join(', ')}: is ../shared present?`);
  const step = Math.max(1, Math.floor(files.length / limit));
  return files.filter((_, i) => i % step === 0).map((file) => ({ name: path.relative(SHARED, file), text: fs.readFileSync(file, 'utf8') }));
}

type Mutation =
  | { kind: 'delete'; line: number; count: number }
  | { kind: 'duplicate'; line: number }
  | { kind: 'reindent'; line: number; delta: number }
  | { kind: 'retype'; line: number; value: string }
  | { kind: 'insert'; line: number; text: string }
  | { kind: 'truncate'; at: number };

const RETYPED = ['', '0', '-1', '3.5', 'true', 'null', '~', '{}', '[]', '"x"', "'", '"', '{a: [1, {b: c}]}', '&a x', '*a', '!!binary aGk=', '0x1F', '1e309', 'yes', 'x'.repeat(300)];
const INSERTED = ['---', '...', '- ', '{', '[', ']', '}', ': :', '&anchor', '*anchor', '<<: *anchor', '\t', '# kubetier-disable-next-line privileged', '#', '%YAML 1.2', '? complex', '|', '>-', '"unterminated', 'apiVersion: v1', 'kind: List'];

export const mutationArbitrary: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), line: fc.nat(400), count: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat(400) }),
    fc.record({ kind: fc.constant('reindent' as const), line: fc.nat(400), delta: fc.integer({ min: -6, max: 6 }) }),
    fc.record({ kind: fc.constant('retype' as const), line: fc.nat(400), value: fc.constantFrom(...RETYPED) }),
    fc.record({ kind: fc.constant('insert' as const), line: fc.nat(400), text: fc.constantFrom(...INSERTED) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(60_000) }),
  ),
  { minLength: 1, maxLength: 4 },
);

export function applyMutation(text: string, mutation: Mutation): string {
  if (mutation.kind === 'truncate') return text.slice(0, mutation.at % (text.length + 1));
  const lines = text.split('\n');
  const line = mutation.line % Math.max(1, lines.length);
  switch (mutation.kind) {
    case 'delete':
      lines.splice(line, mutation.count);
      break;
    case 'duplicate':
      lines.splice(line, 0, lines[line] ?? '');
      break;
    case 'reindent': {
      const current = lines[line] ?? '';
      lines[line] = mutation.delta >= 0 ? ' '.repeat(mutation.delta) + current : current.replace(new RegExp(`^ {0,${-mutation.delta}}`), '');
      break;
    }
    case 'retype': {
      const current = lines[line] ?? '';
      const colon = current.indexOf(': ');
      lines[line] = colon === -1 ? `${current.replace(/^(\s*-?\s*).*/, '$1')}${mutation.value}` : `${current.slice(0, colon + 2)}${mutation.value}`;
      break;
    }
    case 'insert':
      lines.splice(line, 0, `${(lines[line] ?? '').match(/^\s*/)?.[0] ?? ''}${mutation.text}`);
      break;
  }
  return lines.join('\n');
}

/** Why a lint result is wrong (a range outside the text, an internal error), or undefined when it is fine. */
export function checkFindings(text: string, findings: Finding[]): string | undefined {
  const lines = text.split('\n');
  for (const finding of findings) {
    if (finding.ruleId === INTERNAL_ERROR_ID) return `internal error: ${finding.message}`;
    const { start, end } = finding.range;
    const inside = (position: { line: number; character: number }) =>
      position.line >= 0 && position.line < lines.length && position.character >= 0 && position.character <= lines[position.line].length;
    if (!inside(start) || !inside(end)) return `${finding.ruleId}: range ${JSON.stringify(finding.range)} outside the text`;
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) return `${finding.ruleId}: inverted range`;
  }
  return undefined;
}

/**
 * Every fix of valid text (object-creating ones too) keeps it valid YAML, and
 * fixing the result again changes nothing.
 */
function checkFixes(filePath: string, text: string, settings: ResolvedSettings): string | undefined {
  const options = { rules: RULES, settings, index: WorkspaceIndex.of([]), accept: () => true };
  const once = fixAllText(filePath, text, options);
  const parsed = parseText(filePath, once.text);
  if (parsed.problems.length > 0) return `fix-all output does not parse: ${parsed.problems[0].message}`;
  if (!once.stable) return 'fix-all did not settle';
  if (fixAllText(filePath, once.text, options).text !== once.text) return 'fix-all is not idempotent';
  return undefined;
}

/** Lints mutated text at a tier (and fixes it when it is valid YAML); returns a failure description or undefined. */
export function lintMutated(name: string, text: string, tier: Tier): string | undefined {
  const filePath = `/fuzz/${name}`;
  const file = parseText(filePath, text);
  const settings = resolveSettings(text, undefined, {}, tier);
  const findings = lintFile(file, { settings, index: WorkspaceIndex.of([file]), rules: RULES });
  const problem = checkFindings(text, findings);
  if (problem || file.problems.length > 0 || !findings.some((finding) => finding.fix)) return problem;
  return checkFixes(filePath, text, settings);
}

/** The fuzz property over the seeds; `runs` cases, reproducible from `seed`. */
export function fuzzEngine(runs: number, seed?: number): void {
  const seeds = seedDocuments();
  fc.assert(
    fc.property(fc.nat(seeds.length - 1), mutationArbitrary, fc.integer({ min: 1, max: 5 }), (which, mutations, tier) => {
      const source = seeds[which];
      const text = mutations.reduce(applyMutation, source.text);
      const problem = lintMutated(source.name, text, tier as Tier);
      if (problem) throw new Error(`${source.name} after ${JSON.stringify(mutations)}: ${problem}`);
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
}
