// Incremental lint (what the server does on each keystroke) must give exactly what a full lintFile of
// the new text gives: random edits of multi-document files whose objects refer to each other across
// documents and files (selectors, autoscalers, budgets, references, duplicates, namespaces), with
// suppression comments and annotations, checked after every edit of the open file and of another
// file of the workspace.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import fc from 'fast-check';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { parseText, reparseText } from '../../server/src/engine/workspace/disk';
import { IncrementalLinter } from '../../server/src/engine/lint/incremental';
import { lintFile, type LintOptions } from '../../server/src/engine/lint/lint';
import type { ParsedFile } from '../../server/src/engine/yaml/model';
import type { Tier } from '../../server/src/engine/types';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { encodeMessage, publishParams } from '../../server/src/lsp/publishWire';
import { RULES } from '../../server/src/rules';
import type { Message } from 'vscode-languageserver/node';
import { SHARED } from '../support/fixtures';
import { applyMutation, mutationArbitrary } from '../support/fuzz';

const ROOT = path.resolve('/ws');
const OPEN = path.join(ROOT, 'app/open.yaml');
const OTHER = path.join(ROOT, 'app/other.yaml');
const OPEN_URI = 'file:///ws/app/open.yaml';
const PUBLISH = 'textDocument/publishDiagnostics';

/** One application: a workload and what refers to it, with the variations `n` picks. */
function application(n: number, namespace: string): string {
  const name = ['api', 'web', 'db', 'cache'][n % 4];
  const documents = [
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: {app: ${name}}
${n % 3 === 0 ? '  annotations:\n    kubetier.io/ignore: "image-tag-latest,liveness-probe"\n' : ''}spec:
  replicas: ${1 + (n % 3)}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}, tier: backend}
${n % 2 === 0 ? '      annotations: {prometheus.io/scrape: "true"}\n' : ''}    spec:
      containers:
        - name: ${name}
          # kubetier-disable-next-line image-tag-latest
          image: registry.example.com/${name}:latest
          ports:
            - containerPort: 8080
              name: http
          envFrom:
            - configMapRef:
                name: ${name}-config
            - secretRef:
                name: ${name}-secret
`,
    `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: {app: ${name}}
  ports:
    - name: metrics
      port: 80
      targetPort: ${n % 2 === 0 ? 8080 : 9090}
`,
    `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  minAvailable: ${1 + (n % 2)}
  selector:
    matchLabels: {app: ${name}}
`,
    `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${n % 4 === 3 ? 'gone' : name}}
  minReplicas: ${1 + (n % 2)}
  maxReplicas: 4
`,
    `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: ${n % 3 === 1 ? 'missing' : name}, port: {number: 80}}
`,
  ];
  if (n % 2 === 1) documents.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\n  namespace: ${namespace}\ndata: {MODE: fast}\n`);
  // An edit re-parses its document's neighbours too: unrelated ones between related documents leave
  // what a related object's change affects to the recorded index reads alone.
  return documents.flatMap((document, i) => [document, filler(n * 10 + i)]).join('---\n');
}

function filler(n: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler-${n}\n  namespace: elsewhere\n`;
}

/** The open file: applications in two namespaces, a Namespace, a default-deny policy and a duplicate. */
function openText(): string {
  return [
    application(0, 'shop'),
    application(1, 'shop'),
    application(2, 'billing'),
    application(3, 'billing'),
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n  namespace: shop\n  # kubetier-disable-next-line duplicate-resource\n',
  ].join('---\n');
}

/** Another file of the workspace: objects the open file's checks find, and objects that find the open file's. */
function otherText(): string {
  return [
    application(5, 'shop'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-secret\n  namespace: shop\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db-config\n  namespace: billing\n',
  ].join('---\n');
}

/** Multi-document manifests of the corpus, as in the re-parse test. */
function corpusSeeds(): string[] {
  return ['microservices-demo/release/kubernetes-manifests.yaml', 'istio/samples/bookinfo/platform/kube/bookinfo.yaml']
    .map((file) => path.join(SHARED, 'corpus/real', file))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file, 'utf8'));
}

const WORDS = ['api', 'web', 'db', 'cache', 'shop', 'billing', 'gone', 'missing', 'api-config', 'db-config', '8080', '9090', '0', '1', '3', 'http', 'metrics', 'Deployment', 'Service'];

/** A keystroke-like edit at an offset, or a word swapped for another (a name, label, namespace or port that now matches something else). */
const editArbitrary = fc.oneof(
  fc.record({
    kind: fc.constant('type' as const),
    at: fc.nat(1_000_000),
    remove: fc.nat(3),
    insert: fc.constantFrom<string>('', 'x', '1', ' ', '\n', '-', ': ', '---\n', '#', '# kubetier-disable-next-line pdb-missing\n', 'namespace: billing\n'),
  }),
  fc.record({ kind: fc.constant('word' as const), at: fc.nat(1_000_000), word: fc.constantFrom(...WORDS) }),
  mutationArbitrary.map((mutations) => ({ kind: 'mutate' as const, mutations })),
);

type Edit = typeof editArbitrary extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, edit: Edit): string {
  if (edit.kind === 'mutate') return edit.mutations.reduce(applyMutation, text);
  if (edit.kind === 'type') {
    const at = edit.at % (text.length + 1);
    return text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
  }
  // Only names, labels, namespaces, ports and kinds that occur in the seeds: a swap then often makes or breaks a match.
  const words = [...text.matchAll(/[A-Za-z0-9][A-Za-z0-9-]*/g)].filter((match) => WORDS.includes(match[0]));
  if (words.length === 0) return text;
  const word = words[edit.at % words.length];
  return text.slice(0, word.index) + edit.word + text.slice(word.index! + word[0].length);
}

class Workspace {
  readonly index = new WorkspaceIndex();
  /** The document version of each check's publish. */
  private version = 0;
  readonly linter = new IncrementalLinter();
  files: Record<'open' | 'other', ParsedFile>;

  constructor(
    openSource: string,
    otherSource: string,
    private readonly tier: Tier,
  ) {
    this.files = { open: parseText(OPEN, openSource), other: parseText(OTHER, otherSource) };
    this.index.set(this.files.other);
    this.index.set(this.files.open);
  }

  edit(which: 'open' | 'other', edit: Edit): void {
    const before = this.files[which];
    this.files[which] = reparseText(before, applyEdit(before.text, edit));
    this.index.set(this.files[which]);
  }

  /** The incremental lint of the open file and a full one, which must be equal. */
  check(step: string): void {
    const file = this.files.open;
    const options: LintOptions = { settings: resolveSettings(file.text, undefined, {}, this.tier), index: this.index, rules: RULES };
    const incremental = this.linter.lint(file, options);
    const full = lintFile(file, options);
    assert.deepEqual(incremental, full, step);
    // What the server writes: the incremental findings' publish, joined from JSON kept across versions,
    // is byte for byte the full lint's encoded afresh.
    const version = ++this.version;
    const published = encodeMessage({ jsonrpc: '2.0', method: PUBLISH, params: publishParams(OPEN_URI, version, [], incremental) } as Message, 'utf-8');
    const fresh = { jsonrpc: '2.0', method: PUBLISH, params: { uri: OPEN_URI, version, diagnostics: full.map((finding) => toDiagnostic(finding, version)) } };
    assert.equal(published.toString('utf8'), JSON.stringify(fresh), `${step}: publish`);
    // A fallback to lintFile would pass the comparison whatever the cache did.
    assert.equal(this.linter.counts.fallback, 0, `${step}: fell back to lintFile (${String(this.linter.lastFallback)})`);
  }
}

describe('incremental lint', () => {
  it('equals a full lint after random edits of the open file and of another file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ which: fc.constantFrom('open' as const, 'open' as const, 'other' as const), edit: editArbitrary }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom<Tier>(2, 5),
        (edits, tier) => {
          const workspace = new Workspace(openText(), otherText(), tier);
          workspace.check('first lint');
          edits.forEach(({ which, edit }, i) => {
            workspace.edit(which, edit);
            workspace.check(`after edit ${i + 1} (${which})`);
          });
        },
      ),
      { numRuns: 150, seed: 1 },
    );
  });

  it('equals a full lint after random edits of real multi-document manifests', () => {
    const seeds = corpusSeeds();
    assert.ok(seeds.length > 0, 'corpus seeds are present');
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(editArbitrary, { minLength: 1, maxLength: 4 }), (which, edits) => {
        const workspace = new Workspace(seeds[which], otherText(), 5);
        workspace.check('first lint');
        edits.forEach((edit, i) => {
          workspace.edit('open', edit);
          workspace.check(`after edit ${i + 1}`);
        });
      }),
      { numRuns: 60, seed: 2 },
    );
  });

  it('equals a full lint after each name, label, namespace, port or count is swapped for another and back', () => {
    // Each such token of both files in turn: every reference between objects is made and broken once.
    const categories = [['api', 'web', 'db', 'cache', 'gone', 'missing'], ['api-config', 'db-config', 'web-config'], ['shop', 'billing'], ['8080', '9090', '80'], ['1', '2', '3', '4']];
    const swapped = (token: string) => {
      const category = categories.find((words) => words.includes(token));
      return category && category[(category.indexOf(token) + 1) % category.length];
    };
    for (const which of ['open', 'other'] as const) {
      const workspace = new Workspace(openText(), otherText(), 5);
      workspace.check('first lint');
      const original = workspace.files[which].text;
      for (const match of original.matchAll(/[A-Za-z0-9][A-Za-z0-9-]*/g)) {
        const replacement = swapped(match[0]);
        if (!replacement) continue;
        const at = match.index!;
        workspace.edit(which, { kind: 'type', at, remove: match[0].length, insert: replacement });
        workspace.check(`${which}: ${match[0]} -> ${replacement} at ${at}`);
        workspace.edit(which, { kind: 'type', at, remove: replacement.length, insert: match[0] });
        workspace.check(`${which}: back to ${match[0]} at ${at}`);
      }
    }
  });

  it('keeps no earlier version of the file alive (a cached check or index read holding an object would)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    // A FinalizationRegistry, not WeakRefs: a WeakRef keeps its target alive until the job that made it ends.
    let collected = 0;
    const registry = new FinalizationRegistry(() => collected++);
    const edits = ['api', 'web', 'db', 'cache', 'shop', 'billing'];
    (() => {
      const workspace = new Workspace(openText(), otherText(), 5);
      workspace.check('first lint');
      for (const word of edits) {
        registry.register(workspace.files.open, word);
        const at = workspace.files.open.text.lastIndexOf(word);
        workspace.edit('open', { kind: 'type', at, remove: 0, insert: 'x' });
        workspace.check(`edit before ${word}`);
      }
      // The workspace (index, linter, current files) stays alive: only earlier versions may go.
      (globalThis as { keptWorkspace?: Workspace }).keptWorkspace = workspace;
    })();
    for (let round = 0; round < 10 && collected < edits.length; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    delete (globalThis as { keptWorkspace?: Workspace }).keptWorkspace;
    assert.equal(collected, edits.length, 'every earlier version of the open file was collected');
  });

  it('reuses the checks a keystroke cannot affect', () => {
    const workspace = new Workspace(openText(), otherText(), 5);
    const options = () => ({ settings: resolveSettings(workspace.files.open.text, undefined, {}, 5 as Tier), index: workspace.index, rules: RULES });
    let checks = 0;
    const counted = RULES.map((rule) => (rule.check ? { ...rule, check: (context: Parameters<NonNullable<typeof rule.check>>[0]) => (checks++, rule.check!(context)) } : rule));
    workspace.linter.lint(workspace.files.open, { ...options(), rules: counted });
    const all = checks;
    checks = 0;
    // A digit of the last application's image tag: only that Deployment's own checks run again.
    const at = workspace.files.open.text.lastIndexOf('registry.example.com/cache:latest') + 'registry.example.com/cache:late'.length;
    workspace.edit('open', { kind: 'type', at, remove: 0, insert: '1' });
    workspace.linter.lint(workspace.files.open, { ...options(), rules: counted });
    assert.ok(checks > 0 && checks < all / 4, `${checks} of ${all} checks ran again`);
  });
});
