// The V8 code cache of the built bundles (dist/cli.js -> dist/cli-main.js): written once when missing,
// reused, made again when V8 rejects it, never read from or written to a folder others can write to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { codeCacheDir } from '../../server/src/boot/codeCache';
import { REPO_ROOT } from '../support/fixtures';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-code-cache-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** `kubetier rules --format json` with the cache in `dir`: its output, which every run must give alike. */
function rules(env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/kubetier.js'), 'rules', '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

const caches = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.startsWith('cli-main-')) : []);

describe('V8 code cache of the CLI bundle', () => {
  it('writes the cache once in a private folder, reuses it, and makes it again when it is corrupt', () => {
    const dir = path.join(root, 'private', 'code-cache');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'cli-main-0123456789abcdef01234567.bin'), 'an earlier build');
    const expected = rules({ KUBETIER_CODE_CACHE: 'off' });

    assert.equal(rules({ KUBETIER_CODE_CACHE_DIR: dir }), expected);
    const [cache] = caches(dir);
    assert.deepEqual(caches(dir), [cache], "one cache, the earlier build's gone");
    const written = fs.statSync(path.join(dir, cache));
    assert.ok(written.size > 10000, `${written.size} bytes of code`);
    if (process.platform !== 'win32') assert.equal(written.mode & 0o777, 0o600);

    assert.equal(rules({ KUBETIER_CODE_CACHE_DIR: dir }), expected);
    assert.equal(fs.statSync(path.join(dir, cache)).mtimeMs, written.mtimeMs, 'an accepted cache is not written again');

    fs.writeFileSync(path.join(dir, cache), Buffer.alloc(5000, 7));
    assert.equal(rules({ KUBETIER_CODE_CACHE_DIR: dir }), expected, 'a corrupt cache is rejected, not run');
    assert.ok(fs.statSync(path.join(dir, cache)).size > 10000, 'and made again');
  });

  it('neither reads nor writes a cache in a folder others can write to, and writes none when turned off', () => {
    const shared = path.join(root, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    const expected = rules({ KUBETIER_CODE_CACHE: 'off' });
    assert.equal(rules({ KUBETIER_CODE_CACHE_DIR: shared }), expected);
    assert.deepEqual(caches(shared), []);

    const off = path.join(root, 'off');
    assert.equal(rules({ KUBETIER_CODE_CACHE_DIR: off, KUBETIER_CODE_CACHE: 'off' }), expected);
    assert.equal(fs.existsSync(off), false);
  });

  it('lives in the user cache folder unless a folder is given', () => {
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/home/u/.cache' }), path.join('/home/u/.cache', 'kubetier', 'code-cache'));
    assert.equal(codeCacheDir({ KUBETIER_CODE_CACHE_DIR: '/x/storage/code-cache', XDG_CACHE_HOME: '/home/u/.cache' }), '/x/storage/code-cache');
    assert.equal(codeCacheDir({ KUBETIER_CODE_CACHE: 'off' }), undefined);
  });
});
