// Benchmark (not a test): ValidatingAdmissionPolicies evaluated against the workspace.
//
//   npm run bench:policy     BENCH_RUNS=N (default 5); BENCH_SMOKE=1 (or BENCH_QUICK=1): 5 policies x 50 objects, one run
//
//   evaluate   100 policies (each with a binding) x 1,000 Deployments: every pair matched (resource rules,
//              namespace selector) and its CEL evaluated, messages included, programs already compiled
//              (the editor's steady state). Budget: <= 500 ms.
//   cold       the same with an empty program cache (the first lint after the server starts).
//   lint       the whole admission-policy rule on every file: evaluation plus turning every violation
//              into a located finding with related locations (informative: it grows with the findings).
//   edit       the one policy about StatefulSets edited, every file open in the incremental linter: only
//              the checks of the objects it matches (the 1 in 10 workloads that are StatefulSets) run again.
import os from 'node:os';
import { loadBundle, median, ms } from './bench-lib.mjs';

const SMOKE = process.env.BENCH_SMOKE === '1' || process.env.BENCH_QUICK === '1';
const RUNS = SMOKE ? 1 : Number(process.env.BENCH_RUNS ?? 5);
const POLICIES = SMOKE ? 5 : Number(process.env.BENCH_POLICIES ?? 100);
const OBJECTS = SMOKE ? 50 : Number(process.env.BENCH_OBJECTS ?? 1000);
const FILES = 10;
const BUDGET_MS = 500;

const ENTRY = `
export { parseFile, reparseFile } from './server/src/engine/yaml/model';
export { resolveSettings } from './server/src/engine/lint/config';
export { lintFile } from './server/src/engine/lint/lint';
export { IncrementalLinter } from './server/src/engine/lint/incremental';
export { WorkspaceIndex } from './server/src/engine/workspace/workspace';
export { default as admissionPolicy } from './server/src/rules/admission-policy';
export { admissionEnvironment, admissionPolicies, admissionTarget } from './server/src/rules/support/policies';
export { evaluateBinding } from './server/src/engine/policy/admission';
`;

const EXPRESSIONS = [
  (i) => `object.spec.replicas <= ${5 + (i % 7)}`,
  () => "has(object.metadata.labels) && 'app' in object.metadata.labels",
  () => "object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))",
  () => "object.spec.template.spec.containers.all(c, has(c.resources) && has(c.resources.limits) && 'memory' in c.resources.limits)",
  () => "object.metadata.name.matches('^[a-z][-a-z0-9]*$')",
  () => "!has(object.spec.template.spec.hostNetwork) || object.spec.template.spec.hostNetwork == false",
];

function policy(i, resource = 'deployments', expression = EXPRESSIONS[i % EXPRESSIONS.length](i)) {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: policy-${i}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["${resource}"]
    namespaceSelector:
      matchExpressions:
      - key: kubernetes.io/metadata.name
        operator: NotIn
        values: ["kube-system"]
  validations:
  - expression: "${expression}"
    messageExpression: "'policy-${i} rejects ' + object.metadata.name"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: binding-${i}
spec:
  policyName: policy-${i}
  validationActions: [${i % 3 === 0 ? 'Warn' : 'Deny'}]
`;
}

/** Every tenth workload is a StatefulSet: the one policy about StatefulSets concerns only those. */
function deployment(i) {
  return `apiVersion: apps/v1
kind: ${i % 10 === 0 ? 'StatefulSet' : 'Deployment'}
metadata:
  name: app-${i}
  namespace: ns-${i % 4}
  labels: { app: app-${i} }
spec:
  replicas: ${i % 12}${i % 10 === 0 ? `\n  serviceName: app-${i}` : ''}
  selector: { matchLabels: { app: app-${i} } }
  template:
    metadata: { labels: { app: app-${i} } }
    spec:
      containers:
        - name: app
          image: registry.example.com/app-${i}:${i % 5 === 0 ? 'latest' : '1.0'}
          resources: { requests: { cpu: 100m }, limits: { memory: 256Mi } }
        - name: sidecar
          image: envoyproxy/envoy:v1.30
`;
}

const engine = await loadBundle('bench-policy', ENTRY);
const rules = [engine.admissionPolicy];
const perFile = OBJECTS / FILES;
const appFiles = () =>
  Array.from({ length: FILES }, (_, f) =>
    engine.parseFile(`/bench/apps-${f}.yaml`, Array.from({ length: perFile }, (_, j) => deployment(f * perFile + j)).join('---\n')),
  );
const policyText = (edited) => Array.from({ length: POLICIES }, (_, i) => (i === 0 ? policy(i, 'statefulsets', `object.spec.replicas <= ${edited ? 3 : 4}`) : policy(i))).join('---\n');
const policyFile = () => engine.parseFile('/bench/policies.yaml', policyText(false));

function lintAll(index, files) {
  let findings = 0;
  for (const file of files) findings += engine.lintFile(file, { settings: engine.resolveSettings(file.text, undefined, {}), index, rules }).length;
  return findings;
}

/** Every (object, bound policy) pair matched and evaluated, as the rule does; returns the violations. */
function evaluateAll(index, files) {
  const set = engine.admissionPolicies(index);
  const environment = engine.admissionEnvironment(index);
  let violations = 0;
  for (const file of files) {
    for (const object of file.objects) {
      const target = engine.admissionTarget(index, object);
      for (const { policy, binding } of set.bound) violations += engine.evaluateBinding({ object, target, policy, binding }, environment).length;
    }
  }
  return violations;
}

/** Wall time, and the CPU time of this process: on a shared machine the second shows what waiting for a core hides. */
function timed(fn) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, result };
}

const files = appFiles();
const index = engine.WorkspaceIndex.of([policyFile(), ...files]);
// A new index each run: nothing derived from the last one is reused, only compiled programs.
const freshIndex = () => engine.WorkspaceIndex.of([policyFile(), ...files]);
const cold = timed(() => evaluateAll(freshIndex(), files));
const warm = [];
const warmCpu = [];
const lints = [];
let violations = 0;
let findings = 0;
for (let run = 0; run < RUNS; run++) {
  const evaluation = timed(() => evaluateAll(freshIndex(), files));
  warm.push(evaluation.ms);
  warmCpu.push(evaluation.cpuMs);
  violations = evaluation.result;
  const lint = timed(() => lintAll(freshIndex(), files));
  lints.push(lint.ms);
  findings = lint.result;
}

// The edit: open every apps file in an incremental linter, then change the expression of policy-0 (StatefulSets).
const linters = files.map(() => new engine.IncrementalLinter());
const settings = engine.resolveSettings('', undefined, {});
files.forEach((file, i) => linters[i].lint(file, { settings, index, rules }));
const checksBefore = linters.reduce((sum, linter) => sum + linter.counts.checks, 0);
// As the editor does: the edited document is parsed again, the others keep their values.
index.set(engine.reparseFile(index.get('/bench/policies.yaml'), policyText(true)));
const editStart = performance.now();
files.forEach((file, i) => linters[i].lint(file, { settings, index, rules }));
const editMs = performance.now() - editStart;
const rerun = linters.reduce((sum, linter) => sum + linter.counts.checks, 0) - checksBefore;

const evaluate = median(warm);
console.log(`policy bench${SMOKE ? ' (smoke run)' : ''}: ${POLICIES} policies x ${OBJECTS} workloads (1 in 10 a StatefulSet), ${RUNS} run(s); ${violations} violations, ${findings} findings`);
console.log(`  evaluate (programs compiled)  ${ms(evaluate)} (CPU ${ms(median(warmCpu))}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)   budget ${BUDGET_MS} ms  ${evaluate <= BUDGET_MS ? 'ok' : 'OVER BUDGET'}`);
console.log(`  evaluate, cold (compiling)    ${ms(cold.ms)}`);
console.log(`  lint (evaluate + report)      ${ms(median(lints))}`);
console.log(`  edit one policy               ${ms(editMs)}: ${rerun} of ${OBJECTS} object checks re-run (the StatefulSets it matches)`);
