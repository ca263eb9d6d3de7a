// Hostile and odd input through the whole engine (every rule, schema validation included): each case
// gets a clear diagnostic or a skip reason, never an exception or an internal error. Inputs are made
// here rather than committed, so the 20 MB and binary cases cost no repository space.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { parseLimitsFrom, resolveSettings } from '../../server/src/engine/lint/config';
import { INTERNAL_ERROR_ID, type Finding } from '../../server/src/engine/lint/lint';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../server/src/engine/yaml/model';
import { lintProject, type FileReport } from '../../server/src/engine/workspace/project';
import { RULES } from '../../server/src/rules';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-hostile-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function lintText(name: string, content: string | Buffer, tier: 1 | 2 | 3 = 2, limits?: ParseLimits): FileReport {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const [report] = lintProject([{ path: file }], { rules: RULES, host: {}, cliTier: tier, limits });
  const internal = report.findings.filter((finding) => finding.ruleId === INTERNAL_ERROR_ID);
  assert.deepEqual(internal.map((finding) => finding.message), [], 'no rule may fail on this input');
  return report;
}

function syntaxErrors(report: FileReport): Finding[] {
  return report.findings.filter((finding) => finding.ruleId === 'yaml-syntax');
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** The billion laughs: nine levels of nine aliases each. */
function aliasBomb(): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let level = 1; level < 10; level++) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    text += `  ${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
  }
  return text;
}

describe('hostile input', { timeout: 60_000 }, () => {
  it('an alias bomb is refused with a clear diagnostic, not expanded', () => {
    const report = lintText('bomb.yaml', aliasBomb());
    const errors = syntaxErrors(report);
    assert.deepEqual(
      errors.map((error) => error.message),
      ['YAML syntax error: Document not read: it holds more than 1000000 nodes with its aliases expanded (the shape of an alias bomb), over kubetier.maxDocumentNodes; raise kubetier.maxDocumentNodes (CLI: --max-nodes) to read it'],
    );
  });

  it('a file over the size limit is skipped with the reason', () => {
    const big = `${DEPLOYMENT}---\n${'# padding line for a very large manifest file\n'.repeat(460_000)}`;
    assert.ok(big.length > 20 * 1024 * 1024);
    const report = lintText('huge.yaml', big);
    assert.match(report.skipped ?? '', /larger than 5 MB/);
    assert.deepEqual(report.findings, []);
  });

  it('binary content is skipped, not parsed', () => {
    const report = lintText('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    assert.match(report.skipped ?? '', /binary/);
  });

  it('invalid UTF-8 without NUL bytes is read with replacement characters and linted', () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"\n')]);
    const report = lintText('latin.yaml', bytes);
    assert.equal(report.skipped, undefined);
    assert.deepEqual(syntaxErrors(report), []);
  });

  it('a 100,000-key ConfigMap (3.5 MB) is read and its planted duplicate key reported', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `  key-${i}: value-${i}\n`).join('');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${keys}  key-4711: again\n`;
    const errors = syntaxErrors(lintText('many-keys.yaml', text));
    assert.deepEqual(
      errors.map((error) => [error.message, error.range.start]),
      [['YAML syntax error: Map keys must be unique', { line: 100_005, character: 2 }]],
    );
  });

  const NESTING_MESSAGE = 'YAML syntax error: Document not read: nesting deeper than 500 levels; raise kubetier.maxNestingDepth (CLI: --max-depth) to read it';

  it('10,000 levels of flow nesting are one diagnostic where level 501 starts, not a stack overflow', () => {
    // Levels: the root map 1, data 2, the first bracket 3: bracket 499 (column 5 + 498) is level 501.
    const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const report = lintText('deep-flow.yaml', flow);
    assert.deepEqual(
      report.findings.map((finding) => [finding.ruleId, finding.message, finding.range.start]),
      [['yaml-syntax', NESTING_MESSAGE, { line: 5, character: 503 }]],
    );
  });

  it('10,000 levels of block nesting are one diagnostic where level 501 starts, not a stack overflow', () => {
    // `- - - x` nests a sequence per dash in 2 bytes a level (indented maps would take 50 MB).
    const block = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x:\n  ${'- '.repeat(10_000)}x\n`;
    const report = lintText('deep-block.yaml', block);
    assert.deepEqual(
      report.findings.map((finding) => [finding.ruleId, finding.message, finding.range.start]),
      [['yaml-syntax', NESTING_MESSAGE, { line: 6, character: 2 + 2 * 498 }]],
    );
  });

  it('nesting at the limit is read and every rule runs on it', () => {
    // 500 levels: the root map, spec, template, spec, containers, the container, args, then 493 lists.
    const deployment = `${DEPLOYMENT}          args: ${'['.repeat(493)}${']'.repeat(493)}\n`;
    const report = lintText('deep-ok.yaml', deployment, 3);
    assert.deepEqual(syntaxErrors(report), []);
    assert.ok(report.findings.length > 0, 'the Deployment is linted');
  });

  it('a 5 MB line is handled', () => {
    const report = lintText('long-line.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  blob: ${'x'.repeat(4_000_000)}\n`);
    assert.deepEqual(syntaxErrors(report), []);
  });

  const PRIVILEGED = `${DEPLOYMENT}          securityContext:\n            privileged: true\n`;

  it('a UTF-8 BOM keeps positions right', () => {
    const report = lintText('bom.yaml', `\ufeff${PRIVILEGED}`);
    const privileged = report.findings.find((finding) => finding.ruleId === 'privileged');
    assert.ok(privileged, 'the object is still linted');
    assert.deepEqual(privileged.range, { start: { line: 15, character: 24 }, end: { line: 15, character: 28 } });
  });

  it('CRLF line endings keep lines and columns right', () => {
    const report = lintText('crlf.yaml', PRIVILEGED.replace(/\n/g, '\r\n'));
    const privileged = report.findings.find((finding) => finding.ruleId === 'privileged');
    assert.ok(privileged);
    assert.deepEqual(privileged.range, { start: { line: 15, character: 24 }, end: { line: 15, character: 28 } });
  });

  it('a CRLF modeline sets the tier and Kubernetes version', () => {
    const settings = resolveSettings('# kubetier: tier=3 k8s=1.30\r\napiVersion: v1\r\n', undefined, {});
    assert.deepEqual([settings.tier, settings.tierSource.kind, settings.kubernetesVersion], [3, 'modeline', '1.30']);
  });

  it('tab indentation is a syntax error at the tab', () => {
    const errors = syntaxErrors(lintText('tabs.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tabbed\n'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].range.start.line, 3);
  });

  it('duplicate keys are reported where the second one is', () => {
    const errors = syntaxErrors(lintText('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].range.start.line, 4);
    assert.match(errors[0].message, /unique/);
  });

  it('an alias to an anchor of another document is a syntax error, not a crash', () => {
    const errors = syntaxErrors(lintText('cross-doc.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: &shared {k: v}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata: *shared\n'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].range.start.line, 10);
  });

  it('merge keys are applied, so rules see the merged fields', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: merged
spec:
  containers:
    - &base
      name: app
      image: nginx:1.27
      securityContext:
        privileged: true
    - <<: *base
      name: sidecar
`;
    const privileged = lintText('merge.yaml', text).findings.filter((finding) => finding.ruleId === 'privileged');
    assert.equal(privileged.length, 2, 'the merged sidecar is privileged too');
  });

  it('YAML 1.1 oddities (yes/no, octal, "=") parse without crashing', () => {
    lintText('yaml11.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\ndata:\n  flag: yes\n  mode: 0755\n  eq: =\n---\n- =\n- no\n');
  });

  it('non-Kubernetes YAML gets no rule diagnostic', () => {
    const workflow = 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
    assert.deepEqual(lintText('workflow.yaml', workflow).findings, []);
    const compose = 'services:\n  web:\n    image: nginx:latest\n    privileged: true\n';
    assert.deepEqual(lintText('compose.yaml', compose).findings, []);
  });

  it('wrong types where maps and lists are expected never throw', () => {
    for (const spec of ['spec: 42', 'spec: [1, 2]', 'spec:\n  template: x', 'spec:\n  template:\n    spec:\n      containers: {name: x}', 'spec:\n  template:\n    spec:\n      containers: [null, 3, "x", {securityContext: 7, resources: "big", ports: 8080}]']) {
      lintText('types.yaml', `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: odd\n${spec}\n`, 3);
    }
  });
});

describe('hostile-input limits are settings', () => {
  /** 40 aliases of a list holding 40 aliases: 1,600 expansions, about 6,600 nodes expanded, read by default. */
  const twoLevels = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: reuse\ndata:\n  a: &a [x, x, x]\n  b: &b [${Array(40).fill('*a').join(', ')}]\n  c: [${Array(40).fill('*b').join(', ')}]\n`;
  const manyAliases = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many\ndata:\n  a: &a x\n  b: [${Array(1001).fill('*a').join(', ')}]\n`;
  const flow = (depth: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;

  it('a raised alias limit reads a document the default refuses', () => {
    assert.deepEqual(syntaxErrors(lintText('many.yaml', manyAliases)).map((error) => error.message), [
      'YAML syntax error: Document not read: it holds 1001 aliases, more than kubetier.maxAliases (1000); raise kubetier.maxAliases (CLI: --max-aliases) to read it',
    ]);
    assert.deepEqual(syntaxErrors(lintText('many.yaml', manyAliases, 2, { ...DEFAULT_PARSE_LIMITS, maxAliasCount: 100_000 })), []);
  });

  it('a lowered node limit refuses what the default reads: nodes count once per place an alias puts them', () => {
    assert.deepEqual(syntaxErrors(lintText('reuse.yaml', twoLevels)), []);
    const errors = syntaxErrors(lintText('reuse.yaml', twoLevels, 2, { ...DEFAULT_PARSE_LIMITS, maxDocumentNodes: 4000 }));
    assert.deepEqual(errors.map((error) => error.message), [
      'YAML syntax error: Document not read: it holds more than 4000 nodes with its aliases expanded (the shape of an alias bomb), over kubetier.maxDocumentNodes; raise kubetier.maxDocumentNodes (CLI: --max-nodes) to read it',
    ]);
    assert.deepEqual(syntaxErrors(lintText('reuse.yaml', twoLevels, 2, { ...DEFAULT_PARSE_LIMITS, maxDocumentNodes: 7000 })), []);
  });

  it('a lowered nesting limit refuses what the default reads', () => {
    assert.deepEqual(syntaxErrors(lintText('nested.yaml', flow(40))), []);
    const errors = syntaxErrors(lintText('nested.yaml', flow(40), 2, { ...DEFAULT_PARSE_LIMITS, maxNestingDepth: 10 }));
    assert.deepEqual(errors.map((error) => error.message), ['YAML syntax error: Document not read: nesting deeper than 10 levels; raise kubetier.maxNestingDepth (CLI: --max-depth) to read it']);
  });

  it('settings that are not whole numbers of at least 1 keep the defaults', () => {
    assert.deepEqual(parseLimitsFrom({ maxAliases: 50, maxNestingDepth: 20, maxDocumentNodes: 9 }), { maxAliasCount: 50, maxNestingDepth: 20, maxDocumentNodes: 9 });
    for (const bad of [0, -3, 2.5, '100', null, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.deepEqual(parseLimitsFrom({ maxAliases: bad, maxNestingDepth: bad, maxDocumentNodes: bad }), DEFAULT_PARSE_LIMITS, String(bad));
    }
  });

  function cli(argv: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const code = runCli(argv, { stdout: (text) => (stdout += `${text}\n`), stderr: (text) => (stderr += `${text}\n`), readStdin: () => '', cwd: dir, isTTY: false });
    return { code, stdout, stderr };
  }

  const messages = (run: { stdout: string }) => (JSON.parse(run.stdout) as { files: { findings: { message: string }[]; skipped?: string }[] }).files;

  it('kubetier lint --max-aliases, --max-depth and --max-nodes set the limits', () => {
    fs.writeFileSync(path.join(dir, 'cli-many.yaml'), manyAliases);
    fs.writeFileSync(path.join(dir, 'cli-nested.yaml'), flow(40));
    fs.writeFileSync(path.join(dir, 'cli-reuse.yaml'), twoLevels);
    const notRead = (run: { stdout: string }) => messages(run).map((file) => file.findings.filter((finding) => /not read/.test(finding.message)).length);
    assert.deepEqual(notRead(cli(['lint', '--format', 'json', 'cli-many.yaml', 'cli-nested.yaml', 'cli-reuse.yaml'])), [1, 0, 0]);
    const set = cli(['lint', '--format', 'json', '--max-aliases', '100000', '--max-depth', '10', '--max-nodes', '4000', 'cli-many.yaml', 'cli-nested.yaml', 'cli-reuse.yaml']);
    assert.deepEqual(notRead(set), [0, 1, 1]);
  });

  it('kubetier lint --max-file-size raises the size limit', () => {
    fs.writeFileSync(path.join(dir, 'cli-big.yaml'), `${DEPLOYMENT}${'# padding\n'.repeat(600_000)}`);
    assert.match(messages(cli(['lint', '--format', 'json', 'cli-big.yaml']))[0].skipped ?? '', /larger than 5 MB/);
    assert.equal(messages(cli(['lint', '--format', 'json', '--max-file-size', '7.5', 'cli-big.yaml']))[0].skipped, undefined);
  });

  it('limit flags that are not numbers above 0 are usage errors', () => {
    for (const argv of [['--max-depth', '0'], ['--max-aliases', '2.5'], ['--max-file-size', 'big'], ['--max-file-size', '-1'], ['--max-nodes', '1e3x'], ['--max-findings', '0']]) {
      const run = cli(['lint', ...argv, 'cli-nested.yaml']);
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.stderr, new RegExp(`${argv[0]} must be`));
    }
  });
});
