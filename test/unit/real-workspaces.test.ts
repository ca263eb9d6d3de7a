// Real workspaces whose references all resolve: the cross-resource rules must not report a missing
// or unmatched object there. microservices-demo mixes plain manifests, Kustomize components and a
// Helm chart; the Argo CD install is one large file plus its HA variant.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { collectYamlFiles, ConfigCache, loadFile } from '../../server/src/engine/workspace/disk';
import { lintProject } from '../../server/src/engine/workspace/project';
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

/** Every file of the real corpus that is a Helm template or valid YAML without a Kubernetes object, with its findings. */
function templatesAndOtherYaml(): { path: string; helm: boolean; findings: string[] }[] {
  const files = collectYamlFiles([path.join(SHARED, 'corpus/real')], new ConfigCache()).files;
  return files.flatMap((file) => {
    const loaded = loadFile(file);
    if (!('file' in loaded)) return [];
    const parsed = loaded.file;
    const helm = parsed.isHelmTemplate;
    if (!helm && (parsed.objects.length > 0 || parsed.problems.length > 0)) return [];
    const [report] = lintProject([{ path: file }], { rules: RULES, host: {}, cliTier: 5 });
    return [{ path: path.relative(SHARED, file), helm, findings: report.findings.map((finding) => `${finding.ruleId}: ${finding.message}`) }];
  });
}

describe('Helm templates and other YAML of the real corpus', () => {
  const files = templatesAndOtherYaml();

  it('holds both kinds of file', () => {
    assert.ok(files.filter((file) => file.helm).length >= 20, 'Helm templates');
    assert.ok(files.filter((file) => !file.helm).length >= 5, 'YAML without Kubernetes objects');
  });

  it('no yaml-syntax diagnostic on a Helm template, and no rule diagnostic on YAML that is not Kubernetes', () => {
    const wrong = files.flatMap((file) =>
      file.findings.filter((finding) => !file.helm || finding.startsWith('yaml-syntax')).map((finding) => `${file.path}: ${finding}`),
    );
    assert.deepEqual(wrong, []);
  });
});

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
