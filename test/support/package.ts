// The npm package as users get it: `npm pack` of this checkout (the bundles in dist/, built by the test
// run) installed globally into a temporary prefix, offline (the bundles carry every dependency).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures';

/** Runs a command, failing the test with its output when it fails. */
export function runOrFail(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): string {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8' });
  assert.equal(result.error, undefined, `${command} could not start: ${String(result.error)}`);
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export function packTarball(dir: string): string {
  assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist/cli.js')), 'dist/ is built by npm test (or node esbuild.mjs)');
  // Scripts off: prepack would rebuild dist/ for production, which the test run has already built.
  const packed = JSON.parse(runOrFail('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO_ROOT })) as { filename: string }[];
  return path.join(dir, packed[0].filename);
}

/** npm's global install into `prefix`, offline: the environment a test gives `npm install --global`. */
export function offlineNpmEnv(prefix: string): NodeJS.ProcessEnv {
  return { ...process.env, npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
}
