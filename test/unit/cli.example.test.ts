// examples/shop is the README's demo (`npm run lint:example`): valid Kubernetes with deliberate tier-2
// problems. It must lint without syntax, schema or engine errors and exit 1 (findings), never 2.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { REPO_ROOT } from '../support/fixtures';

describe('examples/shop', () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(['lint', '--tier', '2', '--format', 'json', 'examples/shop'], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: () => '',
    cwd: REPO_ROOT,
    isTTY: false,
  });
  const output = JSON.parse(out.join('\n') || '{"files":[]}') as {
    files: { path: string; findings: { rule: string; line: number; message: string }[] }[];
  };
  const findings = output.files.flatMap((file) => file.findings.map((finding) => ({ ...finding, path: file.path.split(path.sep).join('/') })));

  it('exits 1 for its deliberate findings, not 2', () => {
    assert.equal(code, 1, err.join('\n'));
    assert.ok(output.files.length >= 10, `every manifest is linted (${output.files.length})`);
    assert.ok(!output.files.some((file) => file.path.endsWith('.kubetier.yaml')));
  });

  it('is valid Kubernetes: no syntax, schema or engine findings', () => {
    const invalid = findings.filter((finding) => ['yaml-syntax', 'schema-validation', 'internal-error', 'unused-suppression'].includes(finding.rule));
    assert.deepEqual(invalid.map((finding) => `${finding.path}:${finding.line} ${finding.rule} ${finding.message}`), []);
  });

  it('shows the privileged log agent', () => {
    assert.ok(findings.some((finding) => finding.rule === 'privileged' && finding.path === 'examples/shop/platform/log-agent.yaml'));
  });
});
