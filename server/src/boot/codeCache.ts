// Loads a bundle (dist/server-main.js, dist/cli-main.js) through V8's code cache: compiling the 2 MB
// server bundle is about a third of the server's start, and the cache also holds the functions compiled
// while it ran (the first lint), so a later start skips that work too. V8 rejects a cache made from other
// source or by another V8 (it is then made again); a cache is bytecode that will run, so it is only read
// from a folder of the current user's that no one else can write to.
import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

/** Where caches live: KUBETIER_CODE_CACHE_DIR (the extension sets its global storage), else the user's cache folder. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KUBETIER_CODE_CACHE === 'off') return undefined;
  if (env.KUBETIER_CODE_CACHE_DIR) return env.KUBETIER_CODE_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || (env.LOCALAPPDATA ?? path.join(os.homedir(), '.cache'));
  return path.join(base, 'kubetier', 'code-cache');
}

/** The folder exists (made 0700 when missing), is this user's, and only this user can write to it. */
function privateFolder(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function readOwnFile(file: string): Buffer | undefined {
  try {
    const stat = fs.statSync(file);
    if (process.platform !== 'win32' && stat.uid !== process.getuid?.()) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all, and drops the caches of earlier builds of the same bundle. */
function writeCache(dir: string, file: string, data: Buffer, prefix: string): void {
  try {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, file);
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(prefix) && path.join(dir, name) !== file && !name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // A cache is an optimisation: a read-only or full disk only means the next start compiles again.
  }
}

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

/**
 * Runs the CommonJS bundle at `bundlePath` as `require` would and returns its exports. Without a usable
 * cache folder it is compiled as usual; a cache missing or rejected is written when the process exits,
 * so it holds every function the run compiled.
 */
export function loadWithCodeCache(bundlePath: string, dir = codeCacheDir()): unknown {
  const source = fs.readFileSync(bundlePath, 'utf8');
  const usable = dir !== undefined && privateFolder(dir);
  const prefix = `${path.basename(bundlePath, '.js')}-`;
  const key = `${prefix}${createHash('sha256').update(source).update(process.version).update(process.arch).digest('hex').slice(0, 24)}.bin`;
  const cacheFile = usable ? path.join(dir, key) : undefined;
  const cachedData = cacheFile ? readOwnFile(cacheFile) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundlePath, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => writeCache(dir!, cacheFile, script.createCachedData(), prefix));
  }
  const wrapper = script.runInThisContext() as ModuleWrapper;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, path.dirname(bundlePath));
  return module.exports;
}
