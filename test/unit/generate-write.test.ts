// writeBundle (server/src/generator/write.ts) with --force into folders holding symbolic links: it never
// writes through a link out of the target folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { BundleTargetError, generateBundle, writeBundle, type BundleOptions } from '../../server/src/generator';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-generate-write-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

const options: BundleOptions = { name: 'shop', tier: 2, packaging: 'kustomize', provider: 'eks', gitops: 'none', mesh: 'none', secrets: 'sealed' };

/** Every entry below a folder (files and links, not following links), relative, sorted. */
function entries(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

function generate(target: string): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), readStdin: () => '', cwd: temp, isTTY: false };
  const argv = ['generate', '--name', options.name, '--tier', String(options.tier), '--packaging', options.packaging, '--secrets', options.secrets, '--path', target, '--force'];
  const code = runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('generate --force into a folder holding symbolic links', () => {
  it('refuses a linked subfolder leading out of the target, naming it, and writes nothing anywhere', () => {
    const outside = path.join(temp, 'outside-platform');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'guardrails.yaml'), 'kind: Theirs\n');
    const target = path.join(temp, 'linked');
    fs.mkdirSync(target);
    fs.symlinkSync(outside, path.join(target, 'platform'), 'dir');
    const run = generate(target);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /symbolic links where the bundle puts folders/);
    assert.ok(run.stderr.includes(`platform -> ${fs.realpathSync(outside)}`), run.stderr);
    assert.match(run.stderr, /nothing was written/);
    assert.deepEqual(entries(outside), ['guardrails.yaml']);
    assert.equal(fs.readFileSync(path.join(outside, 'guardrails.yaml'), 'utf8'), 'kind: Theirs\n');
    assert.deepEqual(entries(target), ['platform']);
    assert.deepEqual(fs.readdirSync(temp).filter((name) => name.startsWith('.linked.')), [], 'no staging folder left behind');
  });

  it('refuses a dangling link where the bundle needs a folder', () => {
    const target = path.join(temp, 'dangling');
    fs.mkdirSync(target);
    fs.symlinkSync(path.join(temp, 'does-not-exist'), path.join(target, 'base'), 'dir');
    assert.throws(() => writeBundle(target, generateBundle(options), true), (error: unknown) => error instanceof BundleTargetError && /base -> nowhere/.test(error.message));
    assert.equal(fs.existsSync(path.join(temp, 'does-not-exist')), false);
  });

  it('writes through a link that stays inside the target', () => {
    const target = path.join(temp, 'inner');
    fs.mkdirSync(path.join(target, 'shared'), { recursive: true });
    fs.symlinkSync(path.join(target, 'shared'), path.join(target, 'platform'), 'dir');
    const run = generate(target);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(fs.existsSync(path.join(target, 'shared', 'guardrails.yaml')));
  });

  it('replaces a link standing where a bundle file goes, leaving the file it pointed to alone', () => {
    const outsideFile = path.join(temp, 'their-readme.md');
    fs.writeFileSync(outsideFile, 'theirs\n');
    const target = path.join(temp, 'file-link');
    fs.mkdirSync(target);
    fs.symlinkSync(outsideFile, path.join(target, 'README.md'));
    const run = generate(target);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(1 overwritten\)/);
    assert.equal(fs.readFileSync(outsideFile, 'utf8'), 'theirs\n');
    assert.equal(fs.lstatSync(path.join(target, 'README.md')).isSymbolicLink(), false);
    assert.match(fs.readFileSync(path.join(target, 'README.md'), 'utf8'), /^# shop/);
  });
});
