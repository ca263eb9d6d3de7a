// `kubetier fix` without --rule: the safe fixes and a summary of the fixes that need a decision;
// `--all` applies those too (a PodDisruptionBudget and an HPA are created), and then nothing is left.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, type CliIO } from '../../server/src/cli/main';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const CARELESS = `# kubetier: tier=2
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

function cli(argv: string[], cwd: string): { code: number; stderr: string } {
  const err: string[] = [];
  const io: CliIO = { stdout: () => undefined, stderr: (text) => err.push(text), readStdin: () => '', cwd, isTTY: false };
  return { code: runCli(argv, io), stderr: err.join('\n') };
}

function careless(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-fix-all-'));
  tempDirs.push(root);
  fs.writeFileSync(path.join(root, 'web.yaml'), CARELESS);
  return root;
}

const kinds = (text: string) => [...text.matchAll(/^kind: (\w+)$/gm)].map((match) => match[1]);

describe('kubetier fix --all', () => {
  it('applies the safe fixes and says how many more need a decision', () => {
    const root = careless();
    const run = cli(['fix', 'web.yaml'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^web\.yaml: applied \d+ fixes; \d+ need a decision \(.*pdb-missing.*\); --all applies them$/m);
    assert.deepEqual(kinds(fs.readFileSync(path.join(root, 'web.yaml'), 'utf8')), ['Deployment'], 'no object is created without --all');
  });

  it('--all applies them too, and a second run finds nothing left', () => {
    const root = careless();
    const run = cli(['fix', '--all', 'web.yaml'], root);
    assert.equal(run.code, 0, run.stderr);
    const text = fs.readFileSync(path.join(root, 'web.yaml'), 'utf8');
    assert.ok(kinds(text).includes('PodDisruptionBudget'), text);
    assert.match(run.stderr, /fixed web\.yaml: .*pdb-missing/);
    const again = cli(['fix', 'web.yaml'], root);
    assert.doesNotMatch(again.stderr, /need a decision/, again.stderr);
    assert.match(again.stderr, /0 files changed/);
  });

  it('refuses --all with --rule', () => {
    const run = cli(['fix', '--all', '--rule', 'privileged', '.'], careless());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--all and --rule/);
  });
});
