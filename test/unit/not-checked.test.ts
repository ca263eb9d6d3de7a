// Which files are Helm templates (no guessing from `{{` in strings) and what is listed as not checked, with why.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { describeNotChecked, notCheckedParts } from '../../server/src/engine/lint/notchecked';
import { isToolInputPath, parseText, reparseText } from '../../server/src/engine/workspace/disk';
import { PRIVILEGED_LINE, privilegedDeployment } from '../support/manifests';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-skip-'));
  tempDirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

function cli(argv: string[], cwd: string): { code: number; stdout: string } {
  let stdout = '';
  const io: CliIO = { stdout: (text) => (stdout += `${text}\n`), stderr: () => undefined, readStdin: () => '', cwd, isTTY: false };
  return { code: runCli(argv, io), stdout };
}

const ALERT = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: alerts
spec:
  groups:
    - name: g
      rules:
        - alert: Down
          expr: up == 0
          annotations:
            summary: "{{ $labels.instance }} is down"
`;
const TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
data:
  {{- range $k, $v := .Values.data }}
  {{ $k }}: {{ $v | quote }}
  {{- end }}
`;

describe('Helm template detection', () => {
  it('reads YAML whose strings hold `{{ }}` as YAML', () => {
    const file = parseText('/w/alerts.yaml', ALERT);
    assert.equal(file.isHelmTemplate, false);
    assert.equal(file.objects.length, 1);
    assert.deepEqual(notCheckedParts(file), []);
  });

  it('takes a file whose template actions break the YAML as a template, wherever it lies', () => {
    const file = parseText('/w/loose/configmap.yaml', TEMPLATE);
    assert.equal(file.isHelmTemplate, true);
    assert.deepEqual(file.problems, [], 'template syntax is not reported as YAML errors');
    const parts = notCheckedParts(file);
    assert.equal(parts.length, 1);
    assert.equal(parts[0].range.start.line, 0);
    assert.match(describeNotChecked(parts[0]), /^this file: it is a Helm template/);
  });

  it('takes an unquoted action that YAML reads as a map in a map as a template', () => {
    const file = parseText('/w/loose/name.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n');
    assert.equal(file.isHelmTemplate, true);
  });

  it('keeps reporting real YAML errors of a file that merely mentions `{{`', () => {
    const file = parseText('/w/broken.yaml', 'a: "{{ x }}"\nb: [1, 2\nc: 3\n');
    assert.equal(file.isHelmTemplate, false);
    assert.ok(file.problems.length > 0);
  });

  it('takes every file in a chart templates/ folder as a template, even without actions', () => {
    const root = workspace({ 'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'web/templates/plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    const file = path.join(root, 'web/templates/plain.yaml');
    assert.equal(parseText(file, fs.readFileSync(file, 'utf8')).isHelmTemplate, true);
    assert.equal(isToolInputPath(path.join(root, 'web/values.yaml')), true, 'a chart values file is a tool input');
    assert.equal(isToolInputPath(path.join(root, 'web/templates/plain.yaml')), false);
  });

  it('an edit that breaks the YAML with actions makes the file a template; undoing it makes it YAML again', () => {
    const yaml = parseText('/w/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    const template = reparseText(yaml, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    {{- include "x" . | nindent 4 }}\n');
    assert.equal(template.isHelmTemplate, true);
    assert.equal(reparseText(template, yaml.text).isHelmTemplate, false);
  });
});

describe('not checked, with the reason', () => {
  it('lists documents that are not Kubernetes objects, at their first line', () => {
    const file = parseText('/w/mixed.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# settings\nreplicas: 3\n---\n- a\n- b\n');
    assert.deepEqual(
      notCheckedParts(file).map((part) => [part.range.start.line, describeNotChecked(part)]),
      [
        [6, 'document 2: it has no apiVersion and kind, so it is not a Kubernetes object'],
        [8, 'document 3: it is a list, not a Kubernetes object'],
      ],
    );
  });

  it('says so once for a file without any object, and nothing for tool inputs', () => {
    const file = parseText('/w/compose.yaml', 'services:\n  web:\n    image: nginx\n');
    assert.deepEqual(notCheckedParts(file).map(describeNotChecked), ['this file: it has no apiVersion and kind, so it is not a Kubernetes object']);
    assert.deepEqual(notCheckedParts(file, { isToolInput: () => true }), []);
  });

  it('the CLI lints the Deployment beside alert templates, and lists templates and non-objects in text, JSON and SARIF', () => {
    const root = workspace({
      'alerts.yaml': `${ALERT}---
${privilegedDeployment()}`,
      'loose/configmap.yaml': TEMPLATE,
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'app/kustomization.yaml': 'resources: []\n',
    });
    const text = cli(['lint', '.'], root).stdout;
    const privilegedLine = ALERT.split('\n').length + PRIVILEGED_LINE + 1;
    assert.match(text, new RegExp(`alerts\\.yaml[^\\n]*\\n(?:.*\\n)*? {2}${privilegedLine}:\\d+ +warning +.*privileged`));
    assert.match(text, /loose\/configmap\.yaml:1: not checked: this file: its template actions \(\{\{ \}\}\) keep it from parsing as YAML, and it is not in a chart/);
    assert.match(text, /compose\.yaml:1: not checked: this file: it has no apiVersion and kind/);
    assert.doesNotMatch(text, /kustomization\.yaml: .*not checked/);
    assert.match(text, /; 2 not checked \(listed above\)/);

    const json = JSON.parse(cli(['lint', '.', '--format', 'json'], root).stdout) as { skipped: { path: string; line: number; reason: string }[] };
    assert.deepEqual(json.skipped.map((entry) => [entry.path, entry.line]).sort(), [['compose.yaml', 1], [path.join('loose', 'configmap.yaml'), 1]]);

    const sarif = JSON.parse(cli(['lint', '.', '--format', 'sarif'], root).stdout);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications as { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    assert.deepEqual(notes.map((note) => note.locations[0].physicalLocation.artifactLocation.uri).sort(), ['compose.yaml', 'loose/configmap.yaml']);
    assert.ok(notes.every((note) => note.message.text.startsWith('Not checked: ')));
  });
});
