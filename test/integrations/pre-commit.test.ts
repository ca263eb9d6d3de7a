// .pre-commit-hooks.yaml through Debian's pre-commit, offline: a git repository whose
// .pre-commit-config.yaml declares the hooks as `repo: local` with this file's entries, files and
// require_serial, run as `language: system` against `npm pack` of this checkout installed on PATH
// (the published hooks' `language: node` would npm-install the hook repository, which needs the registry).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from '../support/fixtures';
import { tempWorkspace } from '../support/cli';
import { offlineNpmEnv, packTarball, runOrFail } from '../support/package';
import { privilegedDeployment } from '../support/manifests';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
}

const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
let env: NodeJS.ProcessEnv = {};

function preCommit(args: string[], cwd: string) {
  const result = spawnSync('pre-commit', args, { cwd, env, encoding: 'utf8' });
  assert.equal(result.error, undefined, 'pre-commit is not installed: .ci/run installs it (apt-get install pre-commit)');
  return result;
}

/** A git repository with `files` staged and the hooks configured (args per hook id). */
function repository(files: Record<string, string>, args: Record<string, string[]> = {}): string {
  const root = tempWorkspace(files);
  const config = { repos: [{ repo: 'local', hooks: hooks.map((hook) => ({ ...hook, language: 'system', args: args[hook.id] ?? [] })) }] };
  fs.writeFileSync(path.join(root, '.pre-commit-config.yaml'), stringify(config));
  runOrFail('git', ['init', '-q'], { cwd: root, env });
  runOrFail('git', ['add', '.'], { cwd: root, env });
  return root;
}

describe('pre-commit hooks (.pre-commit-hooks.yaml)', () => {
  before(() => {
    const dir = tempWorkspace();
    const prefix = path.join(dir, 'prefix');
    runOrFail('npm', ['install', '--global', packTarball(dir)], { cwd: dir, env: offlineNpmEnv(prefix) });
    env = {
      ...process.env,
      PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`,
      PRE_COMMIT_HOME: path.join(dir, 'pre-commit-home'),
      // git reads no user or system config, so none can change what the test repository does.
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      CI: 'true',
    };
  });

  it('declares kubetier-lint and kubetier-fix as node hooks on YAML files, run once over all of them', () => {
    assert.deepEqual(hooks.map((hook) => hook.id), ['kubetier-lint', 'kubetier-fix']);
    for (const hook of hooks) {
      assert.equal(hook.language, 'node');
      assert.equal(hook.require_serial, true);
      assert.ok(new RegExp(hook.files).test('deploy/app.yml') && new RegExp(hook.files).test('a.yaml') && !new RegExp(hook.files).test('a.json'));
    }
  });

  it('kubetier-lint fails the commit on findings at --fail-on and names them; clean files pass', () => {
    const root = repository({ 'apps/web.yaml': privilegedDeployment(), 'README.md': '# not yaml\n' }, { 'kubetier-lint': ['--tier', '2'] });
    const failing = preCommit(['run', 'kubetier-lint', '--all-files'], root);
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /kubetier lint\.+Failed/);
    assert.match(failing.stdout, /apps\/web\.yaml/);
    assert.match(failing.stdout, /runs privileged.*privileged/);
    const passing = repository({ 'apps/web.yaml': privilegedDeployment() }, { 'kubetier-lint': ['--tier', '1'] });
    const result = preCommit(['run', 'kubetier-lint', '--all-files'], passing);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /kubetier lint\.+Passed/);
  });

  it('kubetier-fix fixes the staged files and fails so the fix is reviewed, then passes', () => {
    const root = repository({ 'apps/web.yaml': `# keep this comment\n${privilegedDeployment()}` }, { 'kubetier-fix': ['--tier', '2'] });
    const first = preCommit(['run', 'kubetier-fix', '--all-files'], root);
    assert.equal(first.status, 1, first.stdout + first.stderr);
    assert.match(first.stdout, /files were modified by this hook/);
    const fixed = fs.readFileSync(path.join(root, 'apps/web.yaml'), 'utf8');
    assert.match(fixed, /^# keep this comment\n/);
    assert.match(fixed, /privileged: false/);
    runOrFail('git', ['add', '.'], { cwd: root, env });
    const second = preCommit(['run', 'kubetier-fix', '--all-files'], root);
    assert.equal(second.status, 0, second.stdout + second.stderr);
  });
});
