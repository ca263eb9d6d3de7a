// The cost model on the attacks of issue 15: a small file that aliases one large object many times is
// refused at the node limit; one inside the limits is checked until the finding limit and summarised;
// an alias inside its own anchor is refused; the editor's incremental lint stops where lintFile does.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { IncrementalLinter } from '../../server/src/engine/lint/incremental';
import { FINDINGS_LIMIT_ID, INTERNAL_ERROR_ID, lintFile, type Finding } from '../../server/src/engine/lint/lint';
import { parseText } from '../../server/src/engine/workspace/disk';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES } from '../../server/src/rules';

/** One Deployment of `containers` containers, then `copies - 1` aliases of it, in a List. */
function amplified(containers: number, copies: number): string {
  const lines = ['apiVersion: v1', 'kind: List', 'items:', '- &d', '  apiVersion: apps/v1', '  kind: Deployment', '  metadata: {name: web}', '  spec:'];
  lines.push('    selector: {matchLabels: {app: web}}', '    template:', '      metadata: {labels: {app: web}}', '      spec:', '        containers:');
  for (let i = 0; i < containers; i++) lines.push(`        - {name: c${i}, image: "nginx:1.27"}`);
  for (let i = 1; i < copies; i++) lines.push('- *d');
  return `${lines.join('\n')}\n`;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-cost-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  line: number;
}

function cli(argv: string[]): { code: number; findings: JsonFinding[] } {
  let stdout = '';
  const code = runCli(argv, { stdout: (text) => (stdout += text), stderr: () => {}, readStdin: () => '', cwd: dir, isTTY: false });
  return { code, findings: (JSON.parse(stdout) as { files: { findings: JsonFinding[] }[] }).files[0].findings };
}

/** Linted at tier 5 with a finding limit of 5,000 (the default is ten times that: the same path, ten times slower). */
function lint(text: string, linter?: IncrementalLinter): Finding[] {
  const file = parseText('/virtual/cost.yaml', text);
  const options = { settings: resolveSettings(text, undefined, { maxFindingsPerFile: 5000 }, 5), index: WorkspaceIndex.of([file]), rules: RULES };
  return linter ? linter.lint(file, options) : lintFile(file, options);
}

describe('cost limits on alias amplification', { timeout: 120_000 }, () => {
  it('a 44 KB List aliasing a 1,000-container Deployment 999 times is not read, naming the node limit', () => {
    const text = amplified(1000, 1000);
    assert.ok(text.length < 50_000);
    fs.writeFileSync(path.join(dir, 'amplified.yaml'), text);
    const run = cli(['lint', '--format', 'json', 'amplified.yaml']);
    assert.equal(run.code, 1);
    assert.deepEqual(
      run.findings.map((finding) => finding.message),
      ['YAML syntax error: Document not read: it holds more than 1000000 nodes with its aliases expanded (the shape of an alias bomb), over kubetier.maxDocumentNodes; raise kubetier.maxDocumentNodes (CLI: --max-nodes) to read it'],
    );
  });

  it('an alias inside the node its anchor names is refused, not read as a value that contains itself', () => {
    const findings = lint('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loop\ndata: &d\n  self: *d\n');
    assert.deepEqual(findings.map((finding) => [finding.ruleId, finding.message]), [
      ['yaml-syntax', 'YAML syntax error: Document not read: an alias sits inside the node its anchor names, so the value would contain itself'],
    ]);
  });

  it('inside the node limit, checking stops at the finding limit with one summary, an error since objects were left unchecked', () => {
    // 4.7 KB, 36,179 findings without the limit.
    const findings = lint(amplified(100, 30));
    assert.deepEqual(findings.filter((finding) => finding.ruleId === INTERNAL_ERROR_ID), []);
    assert.equal(findings.length, 5001);
    const summary = findings.filter((finding) => finding.ruleId === FINDINGS_LIMIT_ID);
    assert.equal(summary.length, 1);
    assert.match(summary[0].message, /^\d+ more findings are not shown \(.*\) and \d+ objects were not checked \(from Deployment "web" at line \d+\): this file reached kubetier\.maxFindingsPerFile \(5000\)\. Raise kubetier\.maxFindingsPerFile \(CLI: --max-findings\) to see them all\.$/);
    assert.deepEqual(summary[0].range.start, { line: 0, character: 0 });
    const shown = findings.filter((finding) => finding.ruleId !== FINDINGS_LIMIT_ID);
    const hiddenWorst = /^\d+ more findings are not shown \((\d+) (\w+)/.exec(summary[0].message)![2];
    assert.equal(summary[0].severity, 'error');
    // The most severe are the ones shown: nothing shown is less severe than what is hidden.
    assert.ok(shown.every((finding) => ['error', 'warning', 'info', 'hint'].indexOf(finding.severity) <= ['error', 'warning', 'info', 'hint'].indexOf(hiddenWorst)));
  });

  it('the incremental linter stops where lintFile stops', () => {
    const text = amplified(40, 200);
    const linter = new IncrementalLinter();
    assert.deepEqual(lint(text, linter), lint(text));
    assert.equal(linter.counts.fallback, 0, String(linter.lastFallback));
  });

  it('--max-findings sets the limit; a file with objects left unchecked fails the gate', () => {
    const text = amplified(3, 2);
    const aliasLine = text.split('\n').indexOf('- *d') + 1;
    fs.writeFileSync(path.join(dir, 'small.yaml'), text);
    const all = cli(['lint', '--format', 'json', '--tier', '5', 'small.yaml']);
    assert.ok(all.findings.length > 4);
    const limited = cli(['lint', '--format', 'json', '--tier', '5', '--max-findings', '3', 'small.yaml']);
    assert.equal(limited.findings.length, 4);
    // Checking stopped after the first object (it alone passed the limit); its other findings are counted as hidden.
    const firstObject = all.findings.filter((finding) => finding.line < aliasLine).length;
    assert.match(limited.findings.find((finding) => finding.rule === FINDINGS_LIMIT_ID)?.message ?? '', new RegExp(`^${firstObject - 3} more findings are not shown .* and 1 objects were not checked \\(from Deployment "web" at line ${aliasLine}\\)`));
    assert.equal(all.code, 0);
    assert.equal(limited.code, 1);
    assert.equal(limited.findings.find((finding) => finding.rule === FINDINGS_LIMIT_ID)?.severity, 'error');
  });
});
