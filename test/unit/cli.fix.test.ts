// `kubetier fix` through runCli: in-place writes, --dry-run diffs (applied with git apply and patch),
// --rule filtering, stdin, symlinks, files that are not UTF-8, and the atomic write that refuses to
// overwrite a file changed since it was read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

function folder(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-fix-'));
  tempDirs.push(root);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, file), text);
  return root;
}

/** Runs a patch tool in `cwd` with the diff on stdin; git reads no user or system config, so none can change how it applies. */
function applyPatch(command: string, args: string[], cwd: string, diff: string): void {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const result = spawnSync(command, args, { cwd, input: diff, encoding: 'utf8', env });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
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

  it('--dry-run diffs keep CRLF line endings and a missing final newline, so git apply and patch give what fix writes', () => {
    const crlf = privilegedDeployment().replace(/\n/g, '\r\n');
    for (const original of [crlf, crlf.replace(/\r\n$/, '')]) {
      const root = folder({ 'web.yaml': original });
      // The CLI's stdout ends every write with a newline; the test's cli() joins them without the last one.
      const diff = `${cli(['fix', '--dry-run', '--rule', 'privileged', 'web.yaml'], root).stdout}\n`;
      const withGit = folder({ 'web.yaml': original });
      applyPatch('git', ['apply', '--whitespace=nowarn'], withGit, diff);
      const withPatch = folder({ 'web.yaml': original });
      applyPatch('patch', ['-p1', '--no-backup-if-mismatch'], withPatch, diff);

      assert.equal(cli(['fix', '--rule', 'privileged', 'web.yaml'], root).code, 0);
      const fixed = fs.readFileSync(path.join(root, 'web.yaml'), 'utf8');
      assert.equal(fixed, original.replace('privileged: true', 'privileged: false'), 'fix keeps CRLF');
      assert.equal(fs.readFileSync(path.join(withGit, 'web.yaml'), 'utf8'), fixed);
      assert.equal(fs.readFileSync(path.join(withPatch, 'web.yaml'), 'utf8'), fixed);
    }
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

  it('fixes the target of a symlinked manifest and leaves the link a link', () => {
    const targetDir = folder({ 'web.yaml': privilegedDeployment() });
    const root = folder({});
    const target = path.join(targetDir, 'web.yaml');
    fs.symlinkSync(target, path.join(root, 'link.yaml'));
    const run = cli(['fix', '--rule', 'privileged', 'link.yaml'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(fs.lstatSync(path.join(root, 'link.yaml')).isSymbolicLink(), 'the link is still a link');
    assert.equal(fs.readlinkSync(path.join(root, 'link.yaml')), target);
    assert.equal(fs.readFileSync(target, 'utf8'), FIXED);
    assert.deepEqual(fs.readdirSync(root), ['link.yaml'], 'no temporary file next to the link');
    assert.deepEqual(fs.readdirSync(targetDir), ['web.yaml'], 'no temporary file next to the target');
  });

  // Exit code: like a file that changed on disk or could not be written, a file whose fixes were not
  // applied makes the run exit 1 (scripts must not take it as fixed); the other files are still fixed.
  it('leaves a file that is not valid UTF-8 byte for byte, says so, fixes the others and exits 1', () => {
    const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${privilegedDeployment()}`)]);
    const root = folder({ 'latin1.yaml': latin1, 'web.yaml': privilegedDeployment() });

    const dryRun = cli(['fix', '--dry-run', '--rule', 'privileged', '.'], root);
    assert.equal(dryRun.code, 1);
    assert.match(dryRun.stderr, /latin1\.yaml: skipped \(not valid UTF-8; not rewritten\)/);
    assert.doesNotMatch(dryRun.stdout, /latin1\.yaml/, 'no diff for it');
    assert.match(dryRun.stdout, /^\+\+\+ b\/web\.yaml$/m);

    const run = cli(['fix', '--rule', 'privileged', '.'], root);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /latin1\.yaml: skipped \(not valid UTF-8; not rewritten\)/);
    assert.deepEqual(fs.readFileSync(path.join(root, 'latin1.yaml')), latin1);
    assert.equal(fs.readFileSync(path.join(root, 'web.yaml'), 'utf8'), FIXED);
    assert.match(run.stderr, /1 file changed/);
  });

  it('keeps the file mode', () => {
    const root = folder({ 'web.yaml': privilegedDeployment() });
    const file = path.join(root, 'web.yaml');
    fs.chmodSync(file, 0o640);
    assert.equal(cli(['fix', '--rule', 'privileged', file], root).code, 0);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
  });

  it('keeps a mode the umask would narrow', () => {
    const root = folder({ 'web.yaml': privilegedDeployment() });
    const file = path.join(root, 'web.yaml');
    fs.chmodSync(file, 0o666);
    const previous = process.umask(0o077);
    try {
      assert.equal(cli(['fix', '--rule', 'privileged', file], root).code, 0);
    } finally {
      process.umask(previous);
    }
    assert.equal(fs.statSync(file).mode & 0o777, 0o666);
  });

  it('refuses a read-only file, naming it, fixes the others and exits 1', () => {
    const root = folder({ 'locked.yaml': privilegedDeployment(), 'open.yaml': privilegedDeployment() });
    fs.chmodSync(path.join(root, 'locked.yaml'), 0o444);
    const run = cli(['fix', '--rule', 'privileged', '.'], root);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /kubetier fix: locked\.yaml: read-only; not written/);
    assert.equal(fs.readFileSync(path.join(root, 'locked.yaml'), 'utf8'), privilegedDeployment());
    assert.equal(fs.statSync(path.join(root, 'locked.yaml')).mode & 0o777, 0o444);
    assert.equal(fs.readFileSync(path.join(root, 'open.yaml'), 'utf8'), FIXED);
    assert.equal(cli(['fix', '--rule', 'privileged', '--dry-run', 'locked.yaml'], root).code, 1);
  });

  it('writes a hard-linked file in place, so every link sees the fix', () => {
    const root = folder({ 'web.yaml': privilegedDeployment() });
    fs.linkSync(path.join(root, 'web.yaml'), path.join(root, 'link.yml.txt'));
    assert.equal(cli(['fix', '--rule', 'privileged', 'web.yaml'], root).code, 0);
    assert.equal(fs.readFileSync(path.join(root, 'link.yml.txt'), 'utf8'), FIXED);
    assert.equal(fs.statSync(path.join(root, 'web.yaml')).ino, fs.statSync(path.join(root, 'link.yml.txt')).ino);
  });

  it('fix - keeps CRLF line endings to the last byte and reports what it changed', () => {
    const crlf = privilegedDeployment().replace(/\n/g, '\r\n');
    let raw = '';
    const err: string[] = [];
    const io: CliIO = { stdout: (text) => (raw += `${text}\n`), stdoutRaw: (text) => (raw += text), stderr: (text) => err.push(text), readStdin: () => crlf, cwd: os.tmpdir(), isTTY: false };
    assert.equal(runCli(['fix', '--rule', 'privileged', '-'], io), 0);
    assert.equal(raw, FIXED.replace(/\n/g, '\r\n'));
    assert.deepEqual(err, ['fixed -: privileged', 'kubetier fix: 1 file changed']);
  });

  it('a broken document does not stop the fixes of the other documents of its file, and is named', () => {
    const root = folder({ 'multi.yaml': `${privilegedDeployment()}---\nkey: [unclosed\n---\n${privilegedDeployment()}` });
    const run = cli(['fix', '--rule', 'privileged', 'multi.yaml'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.readFileSync(path.join(root, 'multi.yaml'), 'utf8'), `${FIXED}---\nkey: [unclosed\n---\n${FIXED}`);
    assert.match(run.stderr, /kubetier fix: multi\.yaml: document 2 \(line \d+\) is not fixed: /);
  });
});
