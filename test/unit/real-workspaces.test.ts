// Real workspaces whose references all resolve: the cross-resource rules must not report a missing
// or unmatched object there. microservices-demo mixes plain manifests, Kustomize components and a
// Helm chart; the Argo CD install is one large file plus its HA variant.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { collectYamlFiles, ConfigCache } from '../../server/src/engine/disk';
import { lintProject } from '../../server/src/engine/project';
import { RULES, RULES_BY_ID } from '../../server/src/rules';
import { SHARED } from '../support/fixtures';

/** Rules that report an object the workspace lacks or does not match. */
const REFERENCE_RULES = [
  'duplicate-resource',
  'secret-ref-missing',
  'configmap-ref-missing',
  'ingress-backend-missing',
  'service-selector-orphan',
  'service-port-mismatch',
  'hpa-target-missing',
  'pdb-selects-nothing',
  'netpol-selects-nothing',
];

function referenceFindings(folder: string): string[] {
  const files = collectYamlFiles([path.join(SHARED, 'corpus/real', folder)], new ConfigCache()).files;
  assert.ok(files.length > 0, `${folder} has YAML files`);
  return lintProject(files.map((file) => ({ path: file })), { rules: RULES, host: {}, cliTier: 5 }).flatMap((report) =>
    report.findings
      .filter((finding) => REFERENCE_RULES.includes(finding.ruleId))
      .map((finding) => `${path.relative(SHARED, report.path)}:${finding.range.start.line + 1} ${finding.ruleId}: ${finding.message}`),
  );
}

describe('no false positives on real workspaces', () => {
  it('the reference rules exist', () => {
    assert.deepEqual(REFERENCE_RULES.filter((id) => !RULES_BY_ID.has(id)), []);
  });

  for (const folder of ['microservices-demo', 'argo-cd/manifests']) {
    it(`${folder}: no reference rule reports anything`, () => {
      assert.deepEqual(referenceFindings(folder), []);
    });
  }
});
