// Policies live in the editor, over stdio: editing a ValidatingAdmissionPolicy in one open file makes
// the admission-policy diagnostic on another open file appear and disappear; the hover of a custom
// rule's finding shows its docs; an open .kubetier.yaml shows a custom rule that does not compile.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient, type Diagnostic } from '../support/lspClient';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 4
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "nginx:1.27" }]
`;

const policy = (max: number) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: max-replicas
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["deployments"]
  validations:
  - expression: "object.spec.replicas <= ${max}"
    message: "at most ${max} replicas"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: max-replicas
spec:
  policyName: max-replicas
  validationActions: [Deny]
`;

const CONFIG = `customRules:
  - id: team-owner-label
    title: Workloads name their owning team
    match: { kinds: [Deployment] }
    expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
    message: Add a team label
    tiers: { 1: warning }
    docs: Every workload names the team on call for it.
`;

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => String(diagnostic.code));
let root: string;
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('policies in the editor', () => {
  let client: LspTestClient;
  let deployUri: string;
  let policyUri: string;
  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-policies-')));
    fs.writeFileSync(path.join(root, 'deploy.yaml'), DEPLOYMENT);
    fs.writeFileSync(path.join(root, 'policy.yaml'), policy(10));
    fs.writeFileSync(path.join(root, '.kubetier.yaml'), CONFIG);
    client = await LspTestClient.start({ rootUri: fileUri(root), settings: { kubetier: { tier: 1 } } });
    deployUri = fileUri(path.join(root, 'deploy.yaml'));
    policyUri = fileUri(path.join(root, 'policy.yaml'));
    await client.open(deployUri, DEPLOYMENT);
    await client.open(policyUri, policy(10));
  });
  after(() => client.stop());

  it('editing the policy in its own open file shows, then clears, the finding on the Deployment', async () => {
    const start = await client.diagnostics(deployUri);
    assert.ok(!codes(start).includes('admission-policy'), codes(start).join(', '));

    let seq = client.lastSeq();
    await client.change(policyUri, policy(3));
    const denied = await client.diagnosticsWith(deployUri, ['admission-policy'], { after: seq });
    const finding = denied.find((diagnostic) => diagnostic.code === 'admission-policy')!;
    assert.equal(finding.severity, 1);
    assert.match(String(finding.message), /ValidatingAdmissionPolicy "max-replicas" \(binding "max-replicas", validationActions Deny\) denies this object: at most 3 replicas/);
    assert.equal(finding.range.start.line, 6, 'on spec.replicas');
    assert.equal(finding.relatedInformation?.[0].location.uri, policyUri);
    assert.equal(finding.relatedInformation?.[0].location.range.start.line, 12, "the policy's expression line");

    seq = client.lastSeq();
    await client.change(policyUri, policy(5));
    await client.diagnosticsWithout(deployUri, ['admission-policy'], { after: seq });
  });

  it('a custom rule reports like a built-in one and its hover shows its docs', async () => {
    const diagnostics = await client.diagnosticsWith(deployUri, ['team-owner-label']);
    const finding = diagnostics.find((diagnostic) => diagnostic.code === 'team-owner-label')!;
    assert.match(String(finding.message), /^Add a team label/);
    assert.match(String(finding.codeDescription?.href), /\.kubetier\.yaml#L2$/);
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: deployUri }, position: finding.range.start });
    assert.match(JSON.stringify(hover), /Every workload names the team on call for it/);
  });

  it('an open .kubetier.yaml shows a custom rule that does not compile on its line', async () => {
    const configUri = fileUri(path.join(root, '.kubetier.yaml'));
    await client.open(configUri, CONFIG.replace("'team' in object.metadata.labels", "'team' in"));
    const diagnostics = await client.diagnostics(configUri, (publication) => publication.diagnostics.length > 0);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 4);
    assert.match(String(diagnostics[0].message), /customRules\[0\]: expression does not compile/);
  });
});

describe('a policies: folder outside the workspace, in the editor', () => {
  let outside: string;
  let client: LspTestClient;
  after(async () => {
    await client?.stop();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('evaluates its policies against the workspace, and forgets them when .kubetier.yaml stops naming it', async () => {
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-outside-policies-')));
    const workspace = path.join(outside, 'app');
    fs.mkdirSync(path.join(outside, 'platform-policies'));
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(outside, 'platform-policies', 'max-replicas.yaml'), policy(3));
    fs.writeFileSync(path.join(workspace, 'deploy.yaml'), DEPLOYMENT);
    const configPath = path.join(workspace, '.kubetier.yaml');
    fs.writeFileSync(configPath, 'policies: [../platform-policies]\n');
    client = await LspTestClient.start({ rootUri: fileUri(workspace), settings: { kubetier: { tier: 1 } } });
    const deployUri = fileUri(path.join(workspace, 'deploy.yaml'));
    await client.open(deployUri, DEPLOYMENT);
    const denied = await client.diagnosticsWith(deployUri, ['admission-policy']);
    const finding = denied.find((diagnostic) => diagnostic.code === 'admission-policy')!;
    assert.match(String(finding.message), /ValidatingAdmissionPolicy "max-replicas".*at most 3 replicas/);
    assert.equal(finding.relatedInformation?.[0].location.uri, fileUri(path.join(outside, 'platform-policies', 'max-replicas.yaml')));

    const seq = client.lastSeq();
    fs.writeFileSync(configPath, 'rules: {}\n');
    await client.watchedFilesChanged([{ uri: fileUri(configPath), type: 2 }]);
    await client.diagnosticsWithout(deployUri, ['admission-policy'], { after: seq });
  });
});
