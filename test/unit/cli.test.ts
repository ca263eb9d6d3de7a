// The `kubetier` CLI through runCli with a fake CliIO (output captured, cwd and stdin chosen per test),
// plus one run of the real bin/kubetier.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatSarif } from '../../server/src/cli/format';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { parseText } from '../../server/src/engine/workspace/disk';
import type { FileReport } from '../../server/src/engine/workspace/project';
import { RULES } from '../../server/src/rules';
import { runCaptured as cli, tempWorkspace as workspace, type CliRun as Run } from '../support/cli';
import { REPO_ROOT } from '../support/fixtures';
import { PRIVILEGED_LINE, privilegedDeployment, privilegedSeverityAt } from '../support/manifests';

interface JsonOutput {
  files: {
    path: string;
    tier: number;
    findings: {
      rule: string;
      severity: string;
      message: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      object: { apiVersion: string; kind: string; name: string | null; namespace: string | null } | null;
    }[];
  }[];
  summary: Record<'error' | 'warning' | 'info' | 'hint', number>;
}

function json(run: Run): JsonOutput {
  return JSON.parse(run.stdout) as JsonOutput;
}

const CLEAN_CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n';

describe('kubetier lint: output formats', () => {
  it('prints JSON in the documented schema with 1-based positions', () => {
    const root = workspace({ 'web.yaml': privilegedDeployment() });
    const run = cli(['lint', '--format', 'json', '--tier', '2', 'web.yaml'], { cwd: root });
    const output = json(run);
    assert.deepEqual(Object.keys(output), ['files', 'skipped', 'summary']);
    assert.deepEqual(Object.keys(output.summary), ['error', 'warning', 'info', 'hint']);
    assert.equal(output.files.length, 1);
    const [file] = output.files;
    assert.equal(file.path, 'web.yaml');
    assert.equal(file.tier, 2);
    const privileged = file.findings.find((finding) => finding.rule === 'privileged');
    assert.ok(privileged, JSON.stringify(file.findings));
    assert.deepEqual(Object.keys(privileged), ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'object']);
    assert.deepEqual(
      { line: privileged.line, column: privileged.column, endLine: privileged.endLine, endColumn: privileged.endColumn },
      { line: PRIVILEGED_LINE + 1, column: 25, endLine: PRIVILEGED_LINE + 1, endColumn: 29 },
    );
    assert.equal(privileged.severity, privilegedSeverityAt(2));
    assert.deepEqual(privileged.object, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: null });
    const counted = file.findings.filter((finding) => finding.severity === 'error').length;
    assert.equal(output.summary.error, counted);
  });

  it('prints text grouped by file, coloured only on a terminal', () => {
    const root = workspace({ 'apps/web.yaml': privilegedDeployment(), 'apps/config.yaml': CLEAN_CONFIGMAP });
    const plain = cli(['lint', 'apps'], { cwd: root });
    const lines = plain.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith(path.join('apps', 'web.yaml')));
    assert.ok(header >= 0, plain.stdout);
    assert.match(lines[header], /\(tier 1, from default\)/);
    // Other rules report on the same file too; the privileged finding is one of the lines under the header.
    assert.ok(
      lines.slice(header + 1).some((line) => new RegExp(`^  ${PRIVILEGED_LINE + 1}:25 +${privilegedSeverityAt(1)} .*privileged Deployment/web$`).test(line)),
      plain.stdout,
    );
    assert.ok(!plain.stdout.includes('config.yaml'), 'files without findings are not listed');
    assert.match(lines.at(-1)!, /^\d+ problems? \(.*\) in 2 files$/);
    assert.ok(!plain.stdout.includes('\x1b['), 'no colour codes off a terminal');
    const coloured = cli(['lint', 'apps'], { cwd: root, isTTY: true });
    assert.ok(coloured.stdout.includes('\x1b[33m'), 'warnings are yellow on a terminal');
  });

  it('prints SARIF 2.1.0 with rule metadata and physical locations', () => {
    const root = workspace({ 'deploy/web.yaml': privilegedDeployment() });
    const run = cli(['lint', '--format', 'sarif', 'deploy'], { cwd: root });
    const sarif = JSON.parse(run.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const [sarifRun] = sarif.runs;
    const driver = sarifRun.tool.driver;
    assert.equal(driver.name, 'kubetier');
    assert.deepEqual(driver.rules.map((rule: { id: string }) => rule.id), RULES.map((rule) => rule.id));
    const privilegedRule = driver.rules.find((rule: { id: string }) => rule.id === 'privileged');
    assert.equal(privilegedRule.shortDescription.text, RULES.find((rule) => rule.id === 'privileged')!.title);
    assert.match(privilegedRule.helpUri, /docs\/rules\.md#privileged$/);
    const result = sarifRun.results.find((candidate: { ruleId: string }) => candidate.ruleId === 'privileged');
    assert.equal(driver.rules[result.ruleIndex].id, 'privileged');
    assert.equal(result.level, 'warning');
    const location = result.locations[0].physicalLocation;
    assert.deepEqual(location.artifactLocation, { uri: 'deploy/web.yaml', uriBaseId: 'SRCROOT' });
    assert.deepEqual(location.region, { startLine: PRIVILEGED_LINE + 1, startColumn: 25, endLine: PRIVILEGED_LINE + 1, endColumn: 29 });
    assert.equal(sarifRun.originalUriBaseIds.SRCROOT.uri, `file://${root.split(path.sep).join('/')}/`);
  });

  it('puts related objects in SARIF relatedLocations', () => {
    const root = workspace({});
    const file = parseText(path.join(root, 'pdb.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    const report: FileReport = {
      path: file.path,
      settings: resolveSettings(file.text, undefined, {}),
      findings: [
        {
          ruleId: 'privileged',
          severity: 'error',
          message: 'm',
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } },
          related: [{ path: path.join(root, 'apps', 'web.yaml'), range: { start: { line: 4, character: 2 }, end: { line: 4, character: 6 } }, message: 'the workload' }],
        },
      ],
      notChecked: [],
    };
    const result = JSON.parse(formatSarif([report], RULES, 'test', root)).runs[0].results[0];
    assert.deepEqual(result.relatedLocations, [
      {
        id: 0,
        message: { text: 'the workload' },
        physicalLocation: {
          artifactLocation: { uri: 'apps/web.yaml', uriBaseId: 'SRCROOT' },
          region: { startLine: 5, startColumn: 3, endLine: 5, endColumn: 7 },
        },
      },
    ]);
  });
});

describe('kubetier lint: exit codes and inputs', () => {
  it('exits 1 only when a finding reaches --fail-on', () => {
    assert.equal(privilegedSeverityAt(1), 'warning');
    const root = workspace({ 'web.yaml': privilegedDeployment() });
    assert.equal(cli(['lint', 'web.yaml'], { cwd: root }).code, 0, 'a warning does not reach the default --fail-on error');
    assert.equal(cli(['lint', '--fail-on', 'warning', 'web.yaml'], { cwd: root }).code, 1);
    assert.equal(cli(['lint', '--fail-on=info', 'web.yaml'], { cwd: root }).code, 1);
    assert.equal(cli(['lint', '--tier', '2', 'web.yaml'], { cwd: root }).code, 1, 'an error at tier 2');
    assert.equal(cli(['lint', 'clean.yaml'], { cwd: workspace({ 'clean.yaml': CLEAN_CONFIGMAP }) }).code, 0);
  });

  it('exits 2 on usage errors and missing paths, with a message on stderr', () => {
    const root = workspace({ 'web.yaml': privilegedDeployment() });
    const cases: [string[], RegExp][] = [
      [['lint', '--tier', '9', 'web.yaml'], /--tier must be 1, 2, 3, 4 or 5/],
      [['lint', '--format', 'xml', 'web.yaml'], /--format must be one of text, json, sarif/],
      [['lint', '--fail-on', 'hint', 'web.yaml'], /--fail-on must be one of/],
      [['lint', '--k8s-version', 'latest', 'web.yaml'], /--k8s-version must look like 1.31/],
      [['lint', '--colour', 'web.yaml'], /unknown option --colour/],
      [['lint', 'missing.yaml'], /missing\.yaml: no such file or folder/],
      [['lint', 'web.yaml', 'nowhere/'], /nowhere: no such file or folder/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [argv, message] of cases) {
      const run = cli(argv, { cwd: root });
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.stderr, message, argv.join(' '));
      assert.equal(run.stdout, '', `${argv.join(' ')}: nothing on stdout`);
    }
    assert.equal(cli([], { cwd: root }).code, 2, 'no command prints usage and exits 2');
    assert.equal(cli(['--help'], { cwd: root }).code, 0);
    for (const command of ['lint', 'fix', 'generate', 'checklist']) {
      const help = cli([command, '--help'], { cwd: root });
      assert.equal(help.code, 0, `${command} --help`);
      assert.match(help.stdout, /Usage: kubetier <command>/, `${command} --help prints the usage`);
    }
  });

  it('reads a manifest from stdin with -', () => {
    const root = workspace({});
    const output = json(cli(['lint', '--format', 'json', '-'], { cwd: root, stdin: privilegedDeployment() }));
    assert.equal(output.files.length, 1);
    assert.equal(output.files[0].path, '-');
    assert.deepEqual(
      output.files[0].findings.filter((finding) => finding.rule === 'privileged').map((finding) => finding.line),
      [PRIVILEGED_LINE + 1],
    );
  });

  it('recurses into folders for *.yaml and *.yml, skipping .git, node_modules and other files', () => {
    const root = workspace({
      'a.yaml': CLEAN_CONFIGMAP,
      'nested/deeper/b.yml': CLEAN_CONFIGMAP,
      'nested/c.YAML': CLEAN_CONFIGMAP,
      '.git/config.yaml': privilegedDeployment(),
      'node_modules/pkg/deploy.yaml': privilegedDeployment(),
      'nested/node_modules/x.yaml': privilegedDeployment(),
      'README.md': '# not yaml',
      'chart/values.json': '{}',
    });
    const output = json(cli(['lint', '--format', 'json', '.'], { cwd: root }));
    assert.deepEqual(output.files.map((file) => file.path.split(path.sep).join('/')).sort(), ['a.yaml', 'nested/c.YAML', 'nested/deeper/b.yml']);
  });

  it('honours ignore globs from .kubetier.yaml, but lints a file named explicitly', () => {
    const root = workspace({
      '.kubetier.yaml': 'tier: 2\nignore:\n  - "generated/**"\n  - "**/*.skip.yaml"\n',
      'app.yaml': CLEAN_CONFIGMAP,
      'generated/web.yaml': privilegedDeployment(),
      'apps/old.skip.yaml': privilegedDeployment(),
    });
    const folder = json(cli(['lint', '--format', 'json', '.'], { cwd: root }));
    assert.deepEqual(folder.files.map((file) => file.path), ['app.yaml']);
    assert.equal(folder.files[0].tier, 2, 'the tier comes from .kubetier.yaml');
    const explicit = json(cli(['lint', '--format', 'json', path.join('generated', 'web.yaml')], { cwd: root }));
    assert.equal(explicit.files.length, 1);
  });

  it('skips a binary file with a reason instead of failing', () => {
    const root = workspace({ 'blob.yaml': 'apiVersion: v1\u0000\u0001', 'app.yaml': CLEAN_CONFIGMAP });
    const run = cli(['lint', '--format', 'json', '.'], { cwd: root });
    assert.equal(run.code, 0, run.stderr);
    const output = JSON.parse(run.stdout) as { files: { path: string; skipped?: string; findings: unknown[] }[] };
    const blob = output.files.find((file) => file.path === 'blob.yaml');
    assert.match(blob?.skipped ?? '', /binary/);
    assert.match(cli(['lint', '.'], { cwd: root }).stdout, /blob\.yaml: skipped \(binary file/);
  });

  it('lets --tier override modelines and .kubetier.yaml', () => {
    const root = workspace({
      '.kubetier.yaml': 'tier: 3\n',
      'web.yaml': privilegedDeployment({ modeline: '# kubetier: tier=1' }),
    });
    const byModeline = json(cli(['lint', '--format', 'json', 'web.yaml'], { cwd: root }));
    assert.equal(byModeline.files[0].tier, 1);
    const overridden = json(cli(['lint', '--format', 'json', '--tier', '2', 'web.yaml'], { cwd: root }));
    assert.equal(overridden.files[0].tier, 2);
    assert.equal(overridden.files[0].findings.find((finding) => finding.rule === 'privileged')?.severity, privilegedSeverityAt(2));
  });
});

describe('bin/kubetier.js', () => {
  it('runs the bundled CLI with exit code and JSON on stdout', () => {
    const root = workspace({ 'web.yaml': privilegedDeployment() });
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/kubetier.js'), 'lint', '--tier', '2', '--format', 'json', 'web.yaml'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(result.status, 1, result.stderr);
    const output = JSON.parse(result.stdout) as JsonOutput;
    assert.equal(output.files[0].path, 'web.yaml');
    assert.ok(output.summary.error >= 1);
    const usage = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/kubetier.js'), 'lint', '--tier', 'x'], { cwd: root, encoding: 'utf8' });
    assert.equal(usage.status, 2);
  });

  it('stops quietly when its reader closes the pipe early (| head), and exits 2 when output cannot be written', () => {
    const files = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`web-${i}.yaml`, privilegedDeployment({ name: `web-${i}` })]));
    const root = workspace(files);
    const cli = `"${process.execPath}" "${path.join(REPO_ROOT, 'bin/kubetier.js')}" lint --tier 2 .`;
    const piped = spawnSync('bash', ['-c', `${cli} | head -c 100 > /dev/null; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: root, encoding: 'utf8' });
    assert.match(piped.stderr, /^status=1\n$/, 'no stack trace; the exit code of the lint itself');
    const full = spawnSync('bash', ['-c', `${cli} > /dev/full`], { cwd: root, encoding: 'utf8' });
    assert.equal(full.status, 2);
    assert.match(full.stderr, /^kubetier: cannot write the output: ENOSPC/);
  });
});
