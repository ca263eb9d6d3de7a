// `kubetier fix` through runCli: in-place writes, --dry-run diffs, --rule filtering, stdin, and the
// atomic write that refuses to overwrite a file changed since it was read.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeFileAtomic } from '../../server/src/cli/fix';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { privilegedDeployment } from '../support/manifests';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-fix-'));
  tempDirs.push(root);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, file), text);
  return root;
}

function cli(argv: string[], cwd: string, stdin = ''): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), readStdin: () => stdin, cwd, isTTY: false };
  const code = runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const FIXED = privilegedDeployment().replace('privileged: true', 'privileged: false');

describe('kubetier fix', () => {
  it('fixes files in place, leaving every other byte as it was, and a second run changes nothing', () => {
    const root = folder({ 'web.yaml': privilegedDeployment(), 'notes.yaml': 'just: data\n' });
    const run = cli(['fix', '--rule', 'privileged', '.'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.readFileSync(path.join(root, 'web.yaml'), 'utf8'), FIXED);
    assert.equal(fs.readFileSync(path.join(root, 'notes.yaml'), 'utf8'), 'just: data\n');
    assert.match(run.stderr, /fixed web\.yaml: privileged/);
    assert.deepEqual(fs.readdirSync(root).sort(), ['notes.yaml', 'web.yaml'], 'no temporary file is left');
    const again = cli(['fix', '--rule', 'privileged', '.'], root);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /0 files changed/);
  });

  it('--dry-run prints a unified diff and writes nothing', () => {
    const root = folder({ 'web.yaml': privilegedDeployment() });
    const run = cli(['fix', '--dry-run', '--rule', 'privileged', 'web.yaml'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.readFileSync(path.join(root, 'web.yaml'), 'utf8'), privilegedDeployment());
    assert.equal(
      run.stdout,
      [
        '--- a/web.yaml',
        '+++ b/web.yaml',
        '@@ -13,4 +13,4 @@',
        '         - name: web',
        '           image: nginx:1.27',
        '           securityContext:',
        '-            privileged: true',
        '+            privileged: false',
      ].join('\n'),
    );
  });

  it('reads stdin and writes the fixed text to stdout', () => {
    const run = cli(['fix', '--rule', 'privileged', '-'], os.tmpdir(), privilegedDeployment());
    assert.equal(run.code, 0, run.stderr);
    assert.equal(`${run.stdout}\n`, FIXED);
  });

  it('rejects unknown rules and rules without a fix', () => {
    const root = folder({ 'web.yaml': privilegedDeployment() });
    assert.equal(cli(['fix', '--rule', 'no-such-rule', '.'], root).code, 2);
    const noFix = cli(['fix', '--rule', 'yaml-syntax', '.'], root);
    assert.equal(noFix.code, 2);
    assert.match(noFix.stderr, /has no fix/);
  });

  it('does not replace a file whose text changed since it was read', () => {
    const root = folder({ 'web.yaml': 'edited: by someone else\n' });
    const file = path.join(root, 'web.yaml');
    assert.equal(writeFileAtomic(file, 'what was read\n', 'fixed\n'), 'changed');
    assert.equal(fs.readFileSync(file, 'utf8'), 'edited: by someone else\n');
    assert.deepEqual(fs.readdirSync(root), ['web.yaml'], 'the temporary file is removed');
    assert.equal(writeFileAtomic(file, 'edited: by someone else\n', 'fixed\n'), 'written');
    assert.equal(fs.readFileSync(file, 'utf8'), 'fixed\n');
  });

  it('keeps the file mode', () => {
    const root = folder({ 'web.yaml': privilegedDeployment() });
    const file = path.join(root, 'web.yaml');
    fs.chmodSync(file, 0o640);
    assert.equal(cli(['fix', '--rule', 'privileged', file], root).code, 0);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
  });
});
