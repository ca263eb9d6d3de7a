// action.yml's steps run as GitHub would run them: each `run:` script with bash, its inputs in the
// environment. The install step installs `npm pack` of this checkout (offline) in place of the registry.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/fixtures';
import { tempWorkspace } from '../support/cli';
import { offlineNpmEnv, packTarball } from '../support/package';
import { privilegedDeployment } from '../support/manifests';

interface ActionStep {
  name: string;
  id?: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}

interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
const stepNamed = (name: string) => action.runs.steps.find((step) => step.name === name)!;

/** A step's environment with its `${{ inputs.x }}` expressions evaluated as the runner would. */
function stepEnv(step: ActionStep, inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(step.env ?? {}).map(([key, expression]) => {
      const match = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expression);
      assert.ok(match, `${key}: only input expressions are expected, got ${expression}`);
      assert.ok(match[1] in action.inputs, `${key} reads an undeclared input ${match[1]}`);
      return [key, inputs[match[1]] ?? action.inputs[match[1]].default];
    }),
  );
}

let prefix = '';

function runStep(step: ActionStep, inputs: Record<string, string>, cwd: string, outputFile: string) {
  assert.equal(step.shell, 'bash');
  const env = { ...offlineNpmEnv(prefix), ...stepEnv(step, inputs), PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`, GITHUB_OUTPUT: outputFile, CI: 'true' };
  // GitHub runs a bash step as `bash --noprofile --norc -eo pipefail {0}`.
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd, env, encoding: 'utf8' });
}

describe('the GitHub Action (action.yml)', () => {
  before(() => {
    const dir = tempWorkspace();
    prefix = path.join(dir, 'prefix');
    const tarball = packTarball(dir);
    const install = runStep(stepNamed('Install kubetier'), { version: `file:${tarball}` }, dir, path.join(dir, 'out'));
    assert.equal(install.status, 0, install.stderr);
  });

  it('is a composite action with the inputs the README documents', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs).sort(), ['fail-on', 'format', 'paths', 'sarif-file', 'tier', 'version']);
    assert.equal(action.outputs['sarif-file'].value, '${{ steps.lint.outputs.sarif-file }}');
  });

  it('annotates findings and fails the step at fail-on; paths split on spaces and new lines', () => {
    const root = tempWorkspace({ 'apps/web.yaml': privilegedDeployment(), 'infra/db.yaml': privilegedDeployment({ name: 'db' }), 'other/x.yaml': privilegedDeployment({ name: 'x' }) });
    const output = path.join(root, 'github-output');
    const lint = stepNamed('Lint');
    const atTier2 = runStep(lint, { paths: 'apps\ninfra', tier: '2' }, root, output);
    assert.equal(atTier2.status, 1, atTier2.stderr);
    const annotations = atTier2.stdout.split('\n').filter((line) => line.includes('title=privileged'));
    assert.deepEqual(annotations.map((line) => /file=([^,]+)/.exec(line)![1]).sort(), ['apps/web.yaml', 'infra/db.yaml']);
    assert.ok(annotations.every((line) => line.startsWith('::error ')));
    // At tier 1 privileged is a warning: the step passes unless fail-on asks for warnings.
    assert.equal(runStep(lint, { paths: 'apps', tier: '1' }, root, output).status, 0);
    assert.equal(runStep(lint, { paths: 'apps', tier: '1', 'fail-on': 'warning' }, root, output).status, 1);
    const usage = runStep(lint, { paths: 'apps', tier: '7' }, root, output);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--tier must be 1, 2, 3, 4 or 5/);
  });

  it('writes SARIF for code scanning when asked, and names it in its output', () => {
    const root = tempWorkspace({ 'web.yaml': privilegedDeployment() });
    const output = path.join(root, 'github-output');
    const run = runStep(stepNamed('Lint'), { tier: '2', 'sarif-file': 'kubetier.sarif', format: 'text' }, root, output);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /web\.yaml/);
    const sarif = JSON.parse(fs.readFileSync(path.join(root, 'kubetier.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.some((result) => result.ruleId === 'privileged'));
    assert.equal(fs.readFileSync(output, 'utf8'), 'sarif-file=kubetier.sarif\n');
  });

  it('treats inputs as data: a path holding shell syntax is a path, not a command', () => {
    const root = tempWorkspace({ 'web.yaml': privilegedDeployment() });
    const marker = path.join(root, 'pwned');
    const run = runStep(stepNamed('Lint'), { paths: `$(touch ${marker}) ;touch${marker}`, tier: '1' }, root, path.join(root, 'out'));
    assert.equal(run.status, 2, 'the paths do not exist');
    assert.equal(fs.existsSync(marker), false);
  });
});
