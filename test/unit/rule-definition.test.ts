// defineRule's options (scope, patch guard, pod spec lookup, tier note) and the message layout the
// engine writes: the problem first, the object and container last.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { lintFile } from '../../server/src/engine/lint/lint';
import { defineRule, type RuleDefinition } from '../../server/src/engine/lint/rule';
import { parseText } from '../../server/src/engine/workspace/disk';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES_BY_ID } from '../../server/src/rules';

const BASE = { title: 'Test', category: 'engine', rationale: 'Test rule.', remediation: 'None.' } as const;

function messages(definition: Omit<RuleDefinition, keyof typeof BASE | 'id'>, text: string, tier = 2): string[] {
  const rule = defineRule({ ...BASE, id: 'test-rule', ...definition });
  const file = parseText('/virtual/rule-definition.yaml', text);
  const settings = resolveSettings(`# kubetier: tier=${tier}\n`, undefined, {});
  return lintFile(file, { settings, index: WorkspaceIndex.of([file]), rules: [rule] }).map((finding) => finding.message);
}

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: job, image: busybox:1.36}]
`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n';
const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n$patch: delete\n';

describe('defineRule options', () => {
  it('checkPod runs on pod-bearing kinds with the pod spec and its path, and on nothing else', () => {
    const found = messages({ tiers: { 1: 'warning' }, checkPod: ({ pod, report }) => report({ path: pod.path, message: `Spec at ${pod.path.join('.')}` }) }, `${CRONJOB}---\n${SERVICE}`);
    assert.deepEqual(found, ['Spec at spec.jobTemplate.spec.template.spec. (CronJob "nightly")']);
  });

  it("'long-running' leaves out Jobs and CronJobs; a function scopes by anything", () => {
    const report = { check: ({ report }: { report: (input: { path: string[]; message: string }) => void }) => report({ path: [], message: 'Found' }) };
    assert.deepEqual(messages({ tiers: { 1: 'warning' }, appliesTo: 'long-running', ...report }, CRONJOB), []);
    assert.deepEqual(messages({ tiers: { 1: 'warning' }, appliesTo: (object) => object.kind === 'Service', ...report }, `${CRONJOB}---\n${SERVICE}`), ['Found. (Service "web")']);
  });

  it('skipPatches skips Kustomize patches and only them', () => {
    const definition = { tiers: { 1: 'warning' as const }, skipPatches: true, check: ({ report }: { report: (input: { path: string[]; message: string }) => void }) => report({ path: [], message: 'Found' }) };
    assert.deepEqual(messages(definition, PATCH), []);
    assert.deepEqual(messages(definition, SERVICE), ['Found. (Service "web")']);
    assert.deepEqual(messages({ ...definition, skipPatches: false }, PATCH), ['Found. (Deployment "web")']);
  });
});

describe('finding messages', () => {
  const containerFinding = (tiers: RuleDefinition['tiers'], tierNote: boolean, severity?: 'info') =>
    messages(
      {
        tiers,
        tierNote,
        checkPod: ({ pod, report }) =>
          report({ path: [...pod.path, 'containers', 0], message: 'Container is odd', advice: 'Make it even.', container: 'job', severity }),
      },
      CRONJOB,
      3,
    );

  it('lead with the problem, then the tier note and the advice, and name the container and object last', () => {
    assert.deepEqual(containerFinding({ 2: 'warning' }, true), [
      'Container is odd; required from tier 2 (Production). Make it even. (container "job" in CronJob "nightly")',
    ]);
  });

  it('say from which tier a warning becomes an error, and which tier only recommends', () => {
    assert.deepEqual(containerFinding({ 1: 'warning', 3: 'error' }, true), [
      'Container is odd; required from tier 1 (Foundation), an error from tier 3 (Enterprise). Make it even. (container "job" in CronJob "nightly")',
    ]);
    assert.deepEqual(containerFinding({ 2: 'info' }, true), ['Container is odd; recommended from tier 2 (Production). Make it even. (container "job" in CronJob "nightly")']);
  });

  it('carry no tier note without tierNote, nor on a finding with a severity of its own', () => {
    assert.deepEqual(containerFinding({ 2: 'warning' }, false), ['Container is odd. Make it even. (container "job" in CronJob "nightly")']);
    assert.deepEqual(containerFinding({ 2: 'warning' }, true, 'info'), ['Container is odd. Make it even. (container "job" in CronJob "nightly")']);
  });
});

describe('messages of a DaemonSet no Service selects', () => {
  const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: agent:3.1}]
`;
  const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: agent}\nspec: {selector: {app: agent}, ports: [{port: 80}]}\n';
  const readiness = (text: string) => {
    const file = parseText('/virtual/daemonset.yaml', text);
    const settings = resolveSettings('# kubetier: tier=2\n', undefined, {});
    return lintFile(file, { settings, index: WorkspaceIndex.of([file]), rules: [RULES_BY_ID.get('readiness-probe')!] }).map((finding) => finding.message);
  };

  it('do not say that Services route traffic to it', () => {
    const [message] = readiness(daemonSet);
    assert.match(message, /^No readinessProbe: a rolling update moves on to the next node before the new pod works;/);
    assert.doesNotMatch(message, /traffic/);
  });

  it('do once a Service selects it', () => {
    assert.match(readiness(`${daemonSet}---\n${service}`)[0], /^No readinessProbe: it gets traffic before it can serve/);
  });
});
