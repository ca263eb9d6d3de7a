// Names, paths and messages taken from files reach the terminal escaped: a name built to retitle the
// terminal and fake a red line is shown as visible escapes, and JSON and SARIF keep the exact value.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { escapeControl } from '../../server/src/cli/terminal';

const EVIL = 'evil\x1b]0;PWNED\x07\x1b[31m\u202efake\r\n  1:1 error faked';
// The YAML double-quoted form of EVIL.
const EVIL_YAML = '"evil\\e]0;PWNED\\a\\e[31m\\u202efake\\r\\n  1:1 error faked"';
const FILE_NAME = 'web\x1b[2J.yaml';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-escapes-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
fs.writeFileSync(
  path.join(root, FILE_NAME),
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${EVIL_YAML}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: ${EVIL_YAML}\n          image: nginx:latest\n`,
);

function lint(format: string, isTTY: boolean): string {
  const out: string[] = [];
  const io: CliIO = { stdout: (text) => out.push(text), stderr: () => {}, readStdin: () => '', cwd: root, isTTY };
  runCli(['lint', '--tier', '3', '--format', format, '.'], io);
  return out.join('\n');
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

describe('terminal escapes', () => {
  it('escapes controls and bidi overrides visibly', () => {
    assert.equal(escapeControl('a\x1b[31mb\x07\u202e\x9b\n'), 'a\\e[31mb\\a\\u202e\\x9b\\n');
    assert.equal(escapeControl('plain ünïcödé'), 'plain ünïcödé');
  });

  it('text output shows file names and object names escaped, with colour codes only of its own', () => {
    const plain = lint('text', false);
    assert.ok(plain.includes('evil\\e]0;PWNED\\a\\e[31m\\u202efake\\r\\n  1:1 error faked'), plain);
    assert.ok(plain.includes('web\\e[2J.yaml'), plain);
    assert.doesNotMatch(plain, RAW_CONTROL);
    const coloured = lint('text', true);
    // What remains after removing the CLI's own SGR codes (colours, bold, dim, reset) holds no control.
    const own = /\x1b\[(?:0|1|2|31|33|36|90)m/g;
    assert.match(coloured, own);
    assert.doesNotMatch(coloured.replace(own, ''), RAW_CONTROL);
  });

  it('JSON and SARIF stay valid and keep the exact values', () => {
    const json = JSON.parse(lint('json', false)) as { files: { path: string; findings: { object: { name: string } | null }[] }[] };
    assert.equal(json.files[0].path, FILE_NAME);
    assert.ok(json.files[0].findings.some((finding) => finding.object?.name === EVIL));
    const sarif = JSON.parse(lint('sarif', false)) as { runs: { results: { locations: { logicalLocations?: { name: string }[] }[] }[] }[] };
    assert.ok(sarif.runs[0].results.some((result) => result.locations[0].logicalLocations?.[0].name === `Deployment/${EVIL}`));
  });
});
