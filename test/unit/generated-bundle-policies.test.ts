// The bundles `kubetier generate` writes from tier 3 carry Kyverno policies: evaluated against the
// bundle's own workloads they find nothing, and they do bite (a workload changed to break one is blocked).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCaptured, tempWorkspace } from '../support/cli';

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
}

function policyFindings(root: string, dir: string, tier: number): { path: string; finding: JsonFinding }[] {
  const run = runCaptured(['lint', dir, '--tier', String(tier), '--format', 'json', '--render', 'never'], { cwd: root });
  const parsed = JSON.parse(run.stdout) as { files: { path: string; findings: JsonFinding[] }[] };
  return parsed.files.flatMap((file) => file.findings.filter((finding) => finding.rule === 'kyverno-policy').map((finding) => ({ path: file.path, finding })));
}

describe('generated bundles against their own Kyverno policies', () => {
  for (const tier of [3, 4, 5]) {
    for (const packaging of ['raw', 'kustomize']) {
      it(`tier ${tier} (${packaging}): no violation and nothing left unevaluated`, () => {
        const root = tempWorkspace();
        const generated = runCaptured(['generate', '--name', 'shop', '--tier', String(tier), '--packaging', packaging, '--path', path.join(root, 'bundle')], { cwd: root });
        assert.equal(generated.code, 0, generated.stderr);
        const policyFiles = fs.readdirSync(path.join(root, 'bundle'), { recursive: true }).map(String).filter((file) => /\.ya?ml$/.test(file) && /kind: ClusterPolicy/.test(fs.readFileSync(path.join(root, 'bundle', file), 'utf8')));
        assert.ok(policyFiles.length > 0, 'the bundle has Kyverno policies');
        const findings = policyFindings(root, 'bundle', tier);
        assert.deepEqual(findings.map(({ path: file, finding }) => `${file}: ${finding.message}`), []);

        // The policies apply to the bundle's Deployment: breaking runAsNonRoot is blocked.
        const deployment = fs.readdirSync(path.join(root, 'bundle'), { recursive: true }).map(String).find((file) => file.endsWith('deployment.yaml'))!;
        const deploymentPath = path.join(root, 'bundle', deployment);
        fs.writeFileSync(deploymentPath, fs.readFileSync(deploymentPath, 'utf8').replace('runAsNonRoot: true', 'runAsNonRoot: false'));
        const blocked = policyFindings(root, 'bundle', tier).filter(({ finding }) => finding.severity === 'error');
        assert.equal(blocked.length, 1, JSON.stringify(blocked));
        assert.match(blocked[0].finding.message, /rule "require-non-root" \(Enforce\) blocks this object/);
      });
    }
  }
});
