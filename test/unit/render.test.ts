// Charts and overlays rendered by the real helm and kubectl (scripts/tools.mjs), findings mapped to the lines the user edits.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { FIXTURES } from '../support/fixtures';
import { unpackedTools } from '../support/tools';

const RENDER_FIXTURES = path.join(FIXTURES, 'render');
const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

let tools = { helm: '', kubectl: '' };
before(() => {
  tools = unpackedTools();
});

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  line: number;
  related?: { path: string; line: number; message: string }[];
  rendered?: { tool: string; valueSets: string[]; object: { kind: string; name: string | null } };
}
interface JsonReport {
  files: { path: string; findings: JsonFinding[] }[];
  skipped: { path: string; line?: number; reason: string }[];
}

function lint(args: string[], cwd = RENDER_FIXTURES): { code: number; report: JsonReport; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), readStdin: () => '', cwd, isTTY: false };
  const code = runCli(['lint', '--format', 'json', ...args], io);
  return { code, report: JSON.parse(stdout || '{"files":[],"skipped":[]}') as JsonReport, stderr };
}

function findings(report: JsonReport, file: string, rule?: string): JsonFinding[] {
  return (report.files.find((entry) => entry.path === file)?.findings ?? []).filter((finding) => !rule || finding.rule === rule);
}

/** A copy of a fixture folder (plus extra files) to change without touching the fixtures. */
function copyOf(fixture: string, extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-render-'));
  tempDirs.push(root);
  fs.cpSync(path.join(RENDER_FIXTURES, fixture), path.join(root, fixture), { recursive: true });
  for (const [file, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** 1-based line of the first line of a file holding `text`. */
function lineOf(file: string, text: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  assert.notEqual(index, -1, `${text} in ${file}`);
  return index + 1;
}

describe('Helm charts, rendered', () => {
  it('reports a setting values-prod.yaml turns bad at the template line and at the value, naming the value set', () => {
    const { report } = lint(['web', '--helm', tools.helm, '--tier', '2']);
    const template = path.join('web', 'templates', 'deployment.yaml');
    const privileged = findings(report, template, 'privileged');
    assert.equal(privileged.length, 2, 'one per container of the range');
    const securityLine = lineOf(path.join(RENDER_FIXTURES, template), 'toYaml $.Values.securityContext');
    // toYaml fills the key above it: the finding is on `securityContext:`.
    assert.deepEqual(new Set(privileged.map((finding) => finding.line)), new Set([securityLine - 1]));
    for (const finding of privileged) {
      assert.deepEqual(finding.rendered?.valueSets, ['values-prod.yaml']);
      assert.equal(finding.rendered?.tool, 'helm');
      assert.equal(finding.rendered?.object.name, 'web-web', 'the real rendered name, never ____');
      assert.match(finding.message, /\(with values-prod\.yaml\)$/);
      assert.ok(finding.related?.some((related) => related.path === path.join('web', 'values-prod.yaml') && related.line === 4));
    }
    const atValue = findings(report, path.join('web', 'values-prod.yaml'), 'privileged');
    assert.equal(atValue.length, 2);
    assert.ok(atValue.every((finding) => finding.line === 4 && /this value is used by web\/templates\/deployment\.yaml:/.test(finding.message)));
    assert.deepEqual(findings(report, path.join('web', 'values.yaml'), 'privileged'), [], 'values.yaml alone is fine');
  });

  it('merges a finding every value set gives into one naming them all', () => {
    const { report } = lint(['web', '--helm', tools.helm, '--tier', '2']);
    const seccomp = findings(report, path.join('web', 'templates', 'deployment.yaml'), 'seccomp-profile');
    assert.equal(seccomp.length, 2, 'one per container, not one per container and value set');
    for (const finding of seccomp) assert.deepEqual(finding.rendered?.valueSets, ['values.yaml', 'values-prod.yaml']);
    assert.ok(seccomp.every((finding) => /\(with values\.yaml, values-prod\.yaml\)$/.test(finding.message)));
  });

  it('lints the subchart and maps its findings to its own template', () => {
    const { report } = lint(['web', '--helm', tools.helm, '--tier', '2']);
    const subchart = path.join('web', 'charts', 'cache', 'templates', 'statefulset.yaml');
    const image = findings(report, subchart, 'liveness-probe');
    assert.equal(image.length, 1);
    assert.equal(image[0].line, lineOf(path.join(RENDER_FIXTURES, subchart), '- name: redis'));
  });

  it('takes the value sets, release name and namespace from .kubetier.yaml', () => {
    const root = copyOf('web', { 'web/.kubetier.yaml': 'tier: 2\nhelm:\n  releaseName: shop\n  namespace: shop\n  valueSets: [[values.yaml]]\n' });
    const { report } = lint(['web', '--helm', tools.helm], root);
    const all = report.files.flatMap((file) => file.findings);
    assert.ok(all.some((finding) => finding.rendered?.object.name === 'shop-web'));
    assert.deepEqual(all.filter((finding) => finding.rule === 'privileged'), [], 'values-prod.yaml is not a value set any more');
    assert.deepEqual(all.filter((finding) => finding.rule === 'default-namespace'), [], 'rendered into the namespace set there');
  });

  it('never lints the templates as loose files, and lists nothing as not checked', () => {
    const { report } = lint(['web', '--helm', tools.helm, '--tier', '2']);
    assert.deepEqual(report.skipped, []);
    assert.ok(report.files.flatMap((file) => file.findings).every((finding) => finding.rule !== 'yaml-syntax'));
  });
});

describe('Kustomize overlays, built', () => {
  it('puts a patched field on the patch line, an images: tag on its entry and a JSON 6902 value on its line', () => {
    const { report } = lint(['shop', '--kubectl', tools.kubectl, '--tier', '2']);
    const prod = path.join(RENDER_FIXTURES, 'shop', 'overlays', 'prod');
    const privileged = findings(report, path.join('shop', 'overlays', 'prod', 'debug-sidecar.yaml'), 'privileged');
    assert.deepEqual(privileged.map((finding) => finding.line), [lineOf(path.join(prod, 'debug-sidecar.yaml'), 'privileged: true')]);
    assert.equal(privileged[0].rendered?.tool, 'kustomize');
    assert.equal(privileged[0].rendered?.object.name, 'prod-shop');
    const latest = findings(report, path.join('shop', 'overlays', 'dev', 'kustomization.yaml'), 'image-tag-latest');
    assert.deepEqual(latest.map((finding) => finding.line), [lineOf(path.join(RENDER_FIXTURES, 'shop', 'overlays', 'dev', 'kustomization.yaml'), 'newTag: latest')]);
    const replicas = findings(report, path.join('shop', 'overlays', 'prod', 'kustomization.yaml'), 'replicas-minimum');
    assert.deepEqual(replicas.map((finding) => finding.line), [lineOf(path.join(prod, 'kustomization.yaml'), 'value: 1')]);
  });

  it('reports on the base what every overlay deploys, and never the patch as a loose fragment', () => {
    const { report } = lint(['shop', '--kubectl', tools.kubectl, '--tier', '2']);
    const base = findings(report, path.join('shop', 'base', 'deployment.yaml'), 'liveness-probe');
    assert.deepEqual(base.map((finding) => finding.rendered?.object.name).sort(), ['dev-shop', 'prod-shop']);
    assert.deepEqual(findings(report, path.join('shop', 'overlays', 'prod', 'debug-sidecar.yaml'), 'recommended-labels'), []);
  });

  it('lints a prod overlay at its own tier', () => {
    const root = copyOf('shop', { 'shop/overlays/prod/.kubetier.yaml': 'tier: 3\n', 'shop/.kubetier.yaml': 'tier: 1\n' });
    const { report } = lint(['shop', '--kubectl', tools.kubectl], root);
    const privileged = findings(report, path.join('shop', 'overlays', 'prod', 'debug-sidecar.yaml'), 'privileged');
    assert.equal(privileged[0]?.severity, 'error', 'tier 3 from the overlay folder');
    const devLatest = findings(report, path.join('shop', 'overlays', 'dev', 'kustomization.yaml'), 'image-tag-latest');
    assert.deepEqual(devLatest.map((finding) => finding.severity), ['info'], 'dev stays at tier 1 (a warning from tier 2)');
  });
});

/** Every file under a folder with its text, by path relative to it. */
function snapshot(root: string): Map<string, string> {
  const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(files.map((entry) => [path.relative(root, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8')]));
}

/** The files whose text differs between two snapshots. */
function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([file, text]) => before.get(file) !== text).map(([file]) => file).sort();
}

function fix(args: string[], cwd: string): { code: number; stderr: string } {
  let stderr = '';
  const io: CliIO = { stdout: () => undefined, stderr: (text) => (stderr += `${text}\n`), readStdin: () => '', cwd, isTTY: false };
  return { code: runCli(['fix', ...args], io), stderr };
}

describe('rendered objects are the workspace', () => {
  it('a plain file sees the objects a chart renders, by their rendered names', () => {
    const hpa = (name: string, target: string) =>
      `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${target}\n  minReplicas: 2\n  maxReplicas: 4\n`;
    const root = copyOf('web', { 'platform/hpa.yaml': `${hpa('web', 'web-web')}---\n${hpa('other', 'nope')}` });
    const { report } = lint(['web', 'platform', '--helm', tools.helm], root);
    const missing = findings(report, path.join('platform', 'hpa.yaml'), 'hpa-target-missing');
    assert.equal(missing.length, 1);
    assert.match(missing[0].message, /nope/);
  });

  it('the checklist counts what charts and overlays deploy, named as deployed, with evidence at the lines that write it', () => {
    let stdout = '';
    const io: CliIO = { stdout: (text) => (stdout += text), stderr: () => undefined, readStdin: () => '', cwd: RENDER_FIXTURES, isTTY: false };
    runCli(['checklist', 'web', 'shop', '--tier', '2', '--format', 'json', '--helm', tools.helm, '--kubectl', tools.kubectl], io);
    const evidence = (JSON.parse(stdout) as { items: { evidence: { path: string; line: number; label: string }[] }[] }).items.flatMap((item) => item.evidence);
    assert.deepEqual(evidence.filter((entry) => /__/.test(entry.label)), [], 'no template placeholder names');
    const deployment = evidence.find((entry) => entry.label === 'Deployment web-web');
    assert.equal(deployment?.path, path.join('web', 'templates', 'deployment.yaml'));
    assert.equal(deployment.line, lineOf(path.join(RENDER_FIXTURES, 'web', 'templates', 'deployment.yaml'), 'name: {{ include "web.fullname"'));
    assert.ok(evidence.some((entry) => entry.label === 'Deployment dev-shop' && entry.path === path.join('shop', 'base', 'deployment.yaml')));
  });
});

describe('fixes of rendered findings', () => {
  it('edits the values scalar that turns a setting bad, and nothing else: the chart renders and the finding is gone', () => {
    const root = copyOf('web');
    const before = snapshot(root);
    const { code } = fix(['web', '--rule', 'privileged', '--helm', tools.helm], root);
    assert.equal(code, 0);
    const after = snapshot(root);
    assert.deepEqual(changedFiles(before, after), [path.join('web', 'values-prod.yaml')]);
    assert.equal(after.get(path.join('web', 'values-prod.yaml')), before.get(path.join('web', 'values-prod.yaml'))!.replace('privileged: true', 'privileged: false'));
    const { report } = lint(['web', '--helm', tools.helm], root);
    const all = report.files.flatMap((file) => file.findings);
    assert.deepEqual(all.filter((finding) => finding.rule === 'privileged' || finding.rule === 'render-error'), []);
  });

  it('fixes a literal on its template line; a value the template computes gets no fix', () => {
    const deployment = (name: string, privileged: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: ${name}\n          image: nginx:1.27.3\n          securityContext:\n            privileged: ${privileged}\n`;
    const root = copyOf('web', {
      'web/templates/literal.yaml': deployment('{{ .Release.Name }}-literal', 'true   # for the debugger'),
      'web/templates/computed.yaml': deployment('{{ .Release.Name }}-computed', '{{ not .Values.hardened }}'),
    });
    fs.writeFileSync(path.join(root, 'web', 'values-prod.yaml'), 'replicaCount: 3\n');
    const before = snapshot(root);
    fix(['web', '--rule', 'privileged', '--helm', tools.helm], root);
    const after = snapshot(root);
    const literal = path.join('web', 'templates', 'literal.yaml');
    assert.deepEqual(changedFiles(before, after), [literal]);
    assert.equal(after.get(literal), before.get(literal)!.replace('privileged: true   #', 'privileged: false   #'));
    const { report } = lint(['web', '--helm', tools.helm], root);
    assert.deepEqual(findings(report, literal, 'privileged'), []);
    assert.equal(findings(report, path.join('web', 'templates', 'computed.yaml'), 'privileged').length, 1, 'the computed value is still reported, unfixed');
  });

  it('fixes an overlay on the patch that set the field, never the base it patches', () => {
    const root = copyOf('shop');
    const before = snapshot(root);
    fix(['shop', '--rule', 'privileged', '--kubectl', tools.kubectl], root);
    const after = snapshot(root);
    const patch = path.join('shop', 'overlays', 'prod', 'debug-sidecar.yaml');
    assert.deepEqual(changedFiles(before, after), [patch]);
    assert.equal(after.get(patch), before.get(patch)!.replace('privileged: true', 'privileged: false'));
    const { report } = lint(['shop', '--kubectl', tools.kubectl], root);
    assert.deepEqual(report.files.flatMap((file) => file.findings).filter((finding) => finding.rule === 'privileged'), []);
  });

  it('fixes a resource an overlay builds in its own file, for what the overlay deploys', () => {
    const root = copyOf('shop');
    const before = snapshot(root);
    fix(['shop', '--rule', 'run-as-non-root', '--kubectl', tools.kubectl], root);
    const after = snapshot(root);
    const base = path.join('shop', 'base', 'deployment.yaml');
    assert.deepEqual(changedFiles(before, after), [base]);
    assert.match(after.get(base)!, /runAsNonRoot: true/);
    const { report } = lint(['shop', '--kubectl', tools.kubectl], root);
    assert.deepEqual(report.files.flatMap((file) => file.findings).filter((finding) => finding.rule === 'run-as-non-root'), []);
  });
});

describe('renders that go wrong', () => {
  it('helm missing: one notice per chart and template, naming the setting; nothing else', () => {
    const { report } = lint(['web', '--helm', path.join(os.tmpdir(), 'no-such-helm'), '--tier', '2']);
    const chart = report.skipped.filter((entry) => entry.path === path.join('web', 'Chart.yaml'));
    assert.equal(chart.length, 1);
    assert.match(chart[0].reason, /Helm chart `web` .*not rendered: helm not found .*kubetier\.helm\.path/);
    assert.ok(report.skipped.some((entry) => entry.path === path.join('web', 'templates', 'deployment.yaml')));
    assert.deepEqual(report.files.flatMap((file) => file.findings).filter((finding) => finding.rule === 'render-error'), []);
  });

  it('a template error becomes an error at the file and line helm names', () => {
    const root = copyOf('web', { 'web/templates/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.nope.deeper.still }}\n' });
    const { report, code } = lint(['web', '--helm', tools.helm], root);
    assert.equal(code, 1);
    const errors = findings(report, path.join('web', 'templates', 'broken.yaml'), 'render-error');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0].line, 6);
    assert.match(errors[0].message, /does not render: .*nope/);
  });

  it('a render that runs past the timeout is stopped and said so', () => {
    const root = copyOf('web', { 'web/templates/slow.yaml': '{{- range until 200000000 }}{{- end }}\n' });
    const { report } = lint(['web', '--helm', tools.helm, '--render-timeout', '1', '--render', 'auto'], root);
    const chart = report.skipped.filter((entry) => entry.path === path.join('web', 'Chart.yaml'));
    assert.equal(chart.length, 1);
    assert.match(chart[0].reason, /did not finish within 1 s/);
  });

  it('a chart rendering 10,000 objects is not linted, with a notice', () => {
    const many = '{{- range until 10001 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{ . }}\n{{- end }}\n';
    const root = copyOf('web', { 'web/templates/many.yaml': many });
    const { report } = lint(['web', '--helm', tools.helm, '--render-timeout', '60'], root);
    assert.ok(report.skipped.some((entry) => /renders 100\d\d objects, more than 10000/.test(entry.reason)));
  });

  it('output that is not YAML: one error at the template, whether helm or kubetier finds it; the other templates listed as not checked', () => {
    const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\ndata:\n${data}`;
    for (const [data, message] of [
      ['  a: "unclosed\n', /does not render: .*YAML parse error on web\/templates\/odd\.yaml/],
      ['  a: b\n  a: c\n', /renders text that is not YAML: Map keys must be unique/],
    ] as const) {
      const root = copyOf('web', { 'web/templates/odd.yaml': configMap(data) });
      const { report, code } = lint(['web', '--helm', tools.helm], root);
      assert.equal(code, 1);
      const errors = findings(report, path.join('web', 'templates', 'odd.yaml'), 'render-error');
      assert.equal(errors.length, 1, 'one diagnostic for every value set that fails the same way');
      assert.match(errors[0].message, message);
      assert.match(errors[0].message, /^Helm chart `web` \(with values\.yaml, values-prod\.yaml\)/);
      const deployment = report.skipped.find((entry) => entry.path === path.join('web', 'templates', 'deployment.yaml'));
      assert.match(deployment?.reason ?? '', /does not render|not YAML/, 'the chart\'s other templates are listed as not checked, with why');
    }
  });

  it('an overlay that does not build: an error at its kustomization naming what kustomize said', () => {
    const root = copyOf('shop', { 'shop/overlays/broken/kustomization.yaml': 'resources:\n  - ../../base\n  - missing.yaml\n' });
    const { report, code } = lint(['shop', '--kubectl', tools.kubectl], root);
    assert.equal(code, 1);
    const errors = findings(report, path.join('shop', 'overlays', 'broken', 'kustomization.yaml'), 'render-error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /Kustomize overlay `shop\/overlays\/broken` does not build: .*missing\.yaml/);
    assert.ok(findings(report, path.join('shop', 'base', 'deployment.yaml')).length > 0, 'the overlays that build are still linted');
  });

  it('--render never lists the templates as not checked', () => {
    const { report } = lint(['web', '--render', 'never']);
    assert.ok(report.skipped.some((entry) => entry.path === path.join('web', 'templates', 'deployment.yaml') && /rendering is off/.test(entry.reason)));
  });
});
