// kubetier rules, explain and init, and the progress line of long lint runs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { serverArgv } from '../../server/src/cli/lsp';
import { progressLine, progressReporter, progressTerminal } from '../../server/src/cli/progress';
import { parseConfigFile } from '../../server/src/engine/lint/config';
import { tierSeverity } from '../../server/src/engine/lint/rule';
import { lintProject, type ProjectProgress } from '../../server/src/engine/workspace/project';
import { TIERS } from '../../server/src/engine/types';
import { RULES, RULES_BY_ID } from '../../server/src/rules';
import { runCaptured, tempWorkspace } from '../support/cli';
import { privilegedDeployment } from '../support/manifests';

describe('kubetier rules', () => {
  it('lists the whole catalog with each rule\'s severity at every tier, or only the rules of one tier', () => {
    const all = runCaptured(['rules'], { cwd: process.cwd() });
    assert.equal(all.code, 0);
    for (const rule of RULES) {
      const row = all.stdout.split('\n').find((line) => line.startsWith(`${rule.id} `));
      assert.ok(row, `${rule.id} listed`);
      const cells = row.trim().split(/\s{2,}/);
      assert.deepEqual(cells.slice(2, 7), TIERS.map((tier) => (tierSeverity(rule.tiers, tier) === 'off' ? '-' : tierSeverity(rule.tiers, tier))), rule.id);
    }
    const json = JSON.parse(runCaptured(['rules', '--tier', '1', '--format', 'json'], { cwd: process.cwd() }).stdout) as { rules: { id: string; tiers: Record<string, string> }[] };
    const atTier1 = RULES.filter((rule) => tierSeverity(rule.tiers, 1) !== 'off').map((rule) => rule.id);
    assert.ok(atTier1.length < RULES.length, 'some rules start above tier 1');
    assert.deepEqual(json.rules.map((rule) => rule.id), atTier1);
    assert.equal(runCaptured(['rules', '--tier', '9'], { cwd: process.cwd() }).code, 2);
  });
});

describe('kubetier explain', () => {
  it('prints a rule\'s rationale, remediation, severity at each tier and fix', () => {
    const rule = RULES_BY_ID.get('privileged')!;
    const run = runCaptured(['explain', 'privileged'], { cwd: process.cwd() });
    assert.equal(run.code, 0);
    assert.ok(run.stdout.includes(rule.rationale));
    assert.ok(run.stdout.includes(rule.remediation));
    for (const tier of TIERS) assert.match(run.stdout, new RegExp(`^  T${tier}  ${tierSeverity(rule.tiers, tier)}$`, 'm'));
    assert.match(run.stdout, /Quick-fix: /);
    assert.match(run.stdout, /docs\/rules\.md#privileged/);
  });

  it('names close rule ids for a mistyped one, and shows control characters instead of printing them', () => {
    const typo = runCaptured(['explain', 'privileg'], { cwd: process.cwd() });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /no rule "privileg"; did you mean .*privileged/);
    const hostile = runCaptured(['explain', 'x\x1b[2Jy'], { cwd: process.cwd() });
    assert.equal(hostile.code, 2);
    assert.ok(!hostile.stderr.includes('\x1b'));
    assert.match(hostile.stderr, /x\\x1b\[2Jy/);
    assert.equal(runCaptured(['explain'], { cwd: process.cwd() }).code, 2);
  });
});

describe('kubetier rules and explain with custom rules', () => {
  const config = [
    'customRules:',
    '  - id: team-owner-label',
    '    title: "Workloads name their team \\e[31m"',
    "    expression: \"'team' in object.metadata.labels\"",
    '    tiers: { 2: warning, 3: error }',
    '    docs: Every workload names the team on call for it.',
    '',
  ].join('\n');

  it('lists the custom rules of the .kubetier.yaml above the current folder after the built-in ones', () => {
    const root = tempWorkspace({ '.kubetier.yaml': config, 'apps/web/deploy.yaml': privilegedDeployment() });
    const run = runCaptured(['rules'], { cwd: path.join(root, 'apps/web') });
    assert.equal(run.code, 0);
    const row = run.stdout.split('\n').find((line) => line.startsWith('team-owner-label '));
    assert.ok(row, run.stdout.slice(-400));
    assert.deepEqual(row.trim().split(/\s{2,}/).slice(1, 7), ['custom', '-', 'warning', 'error', 'error', 'error']);
    assert.ok(!run.stdout.includes('\x1b'), 'the title\'s escape is shown, not sent');
    assert.match(run.stdout, new RegExp(`${RULES.length + 1} rules \\(1 custom, from .*\\.kubetier\\.yaml\\)`));
    const json = JSON.parse(runCaptured(['rules', '--tier', '1', '--format', 'json'], { cwd: root }).stdout) as { rules: { id: string }[] };
    assert.ok(!json.rules.some((rule) => rule.id === 'team-owner-label'), 'off at tier 1');
  });

  it('explains a custom rule with its docs and a link to its line in .kubetier.yaml', () => {
    const root = tempWorkspace({ '.kubetier.yaml': config });
    const run = runCaptured(['explain', 'team-owner-label'], { cwd: root });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^team-owner-label: Workloads name their team \\x1b\[31m \(custom\)$/m);
    assert.match(run.stdout, /Why: Every workload names the team on call for it\./);
    assert.match(run.stdout, /^  T3  error$/m);
    assert.match(run.stdout, /^Docs: file:\/\/.*\/\.kubetier\.yaml#L2$/m);
    assert.equal(runCaptured(['explain', 'team-owner-label'], { cwd: path.dirname(root) }).code, 2, 'unknown outside that folder');
  });
});

describe('kubetier init', () => {
  it('writes a commented .kubetier.yaml that kubetier reads back at the tier asked for, and that lint then uses', () => {
    const root = tempWorkspace({ 'apps/web.yaml': privilegedDeployment() });
    const run = runCaptured(['init', '--tier', '3'], { cwd: root });
    assert.equal(run.code, 0, run.stderr);
    const file = path.join(root, '.kubetier.yaml');
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^# /m, 'commented');
    const loaded = parseConfigFile(file, text);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.config.tier, 3);
    const lint = JSON.parse(runCaptured(['lint', '--format', 'json', 'apps'], { cwd: root }).stdout) as { files: { tier: number }[] };
    assert.equal(lint.files[0].tier, 3);
  });

  it('never replaces an existing file unless --force, and writes into --path', () => {
    const root = tempWorkspace({ '.kubetier.yaml': 'tier: 2 # ours\n', 'sub/.keep': '' });
    const refused = runCaptured(['init', '--tier', '4'], { cwd: root });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already exists; keep it, or pass --force/);
    assert.equal(fs.readFileSync(path.join(root, '.kubetier.yaml'), 'utf8'), 'tier: 2 # ours\n');
    assert.equal(runCaptured(['init', '--tier', '4', '--force'], { cwd: root }).code, 0);
    assert.equal(parseConfigFile('x', fs.readFileSync(path.join(root, '.kubetier.yaml'), 'utf8')).config.tier, 4);
    assert.equal(runCaptured(['init', '--path', 'sub'], { cwd: root }).code, 0);
    assert.equal(parseConfigFile('x', fs.readFileSync(path.join(root, 'sub/.kubetier.yaml'), 'utf8')).config.tier, 1);
    assert.equal(runCaptured(['init', '--path', 'missing/deeper'], { cwd: root }).code, 2);
  });
});

describe('progress of long lint runs', () => {
  const fakeStderr = (isTTY: boolean) => ({ isTTY, columns: 60, write: () => true }) as unknown as NodeJS.WriteStream;

  it('is drawn only on a terminal and never under CI', () => {
    assert.ok(progressTerminal(fakeStderr(true), {}));
    assert.equal(progressTerminal(fakeStderr(false), {}), undefined, 'a pipe or a file');
    assert.equal(progressTerminal(fakeStderr(true), { CI: 'true' }), undefined);
    assert.equal(progressTerminal(fakeStderr(true), { CI: '1' }), undefined);
    assert.ok(progressTerminal(fakeStderr(true), { CI: 'false' }), 'CI=false is not CI');
  });

  it('counts files read and linted, and names the folder with its control characters shown', () => {
    const root = tempWorkspace({ 'a/one.yaml': privilegedDeployment(), 'b/two.yaml': privilegedDeployment({ name: 'two' }) });
    const seen: ProjectProgress[] = [];
    const inputs = [{ path: path.join(root, 'a/one.yaml') }, { path: path.join(root, 'b/two.yaml') }];
    lintProject(inputs, { rules: RULES, host: {}, onProgress: (progress) => seen.push(progress) });
    assert.deepEqual(
      seen.map(({ phase, done, total }) => `${phase} ${done}/${total}`),
      ['reading 0/2', 'reading 1/2', 'linting 0/2', 'linting 1/2'],
    );
    assert.equal(progressLine(seen[3], root, 80), 'kubetier: linting 1/2 files  b');
    const hostile = progressLine({ phase: 'reading', done: 0, total: 1, path: path.join(root, 'x\x1b]0;owned\x07/f.yaml') }, root, 80);
    assert.ok(!/[\x00-\x1f]/.test(hostile), JSON.stringify(hostile));
    assert.match(hostile, /x\\x1b\]0;owned\\x07$/);
    assert.equal(progressLine(seen[3], root, 20).length, 20, 'cut to the terminal width');
  });

  it('redraws one line at most ten times a second after a quiet start, and erases it at the end', () => {
    let clock = 0;
    const writes: string[] = [];
    const reporter = progressReporter({ write: (text) => writes.push(text), columns: 80, now: () => clock }, '/w');
    const update = (done: number) => reporter.update({ phase: 'linting', done, total: 100, path: '/w/apps/x.yaml' });
    update(0);
    clock = 250;
    update(1);
    assert.equal(writes.length, 0, 'nothing in the first 300 ms');
    clock = 300;
    update(2);
    clock = 350;
    update(3);
    clock = 400;
    update(4);
    assert.deepEqual(writes, ['\r\x1b[2Kkubetier: linting 2/100 files  apps', '\r\x1b[2Kkubetier: linting 4/100 files  apps']);
    reporter.finish();
    assert.equal(writes.at(-1), '\r\x1b[2K');
    const quick = progressReporter({ write: (text) => writes.push(text), columns: 80, now: () => 0 }, '/w');
    quick.finish();
    assert.equal(writes.length, 3, 'a run that drew nothing erases nothing');
  });

  it('is drawn by lint on a terminal, and not with --quiet', () => {
    const root = tempWorkspace({ 'apps/web.yaml': privilegedDeployment() });
    const lintOn = (quiet: boolean) => {
      const writes: string[] = [];
      // Each look at the clock is a second later: every update is due.
      let clock = 0;
      const terminal = { write: (text: string) => writes.push(text), columns: 80, now: () => (clock += 1000) };
      const run = runCaptured(['lint', ...(quiet ? ['--quiet'] : []), '.'], { cwd: root, progress: terminal });
      assert.equal(run.code, 0);
      return writes;
    };
    const drawn = lintOn(false);
    assert.ok(drawn.includes('\r\x1b[2Kkubetier: linting 0/1 files  apps'), JSON.stringify(drawn));
    assert.equal(drawn.at(-1), '\r\x1b[2K', 'erased before the report');
    assert.deepEqual(lintOn(true), []);
  });
});

describe('kubetier lsp', () => {
  it('speaks stdio unless the editor names another transport', () => {
    assert.deepEqual(serverArgv(['node', 'kubetier-language-server']), ['node', 'kubetier-language-server', '--stdio']);
    for (const transport of ['--stdio', '--node-ipc', '--socket=5007', '--pipe=/tmp/kubetier.sock']) {
      assert.deepEqual(serverArgv(['node', 'kubetier', 'lsp', transport]), ['node', 'kubetier', 'lsp', transport]);
    }
  });
});
