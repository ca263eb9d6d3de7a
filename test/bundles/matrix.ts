// The bundle matrix (stage `bundles`): every tier x packaging x GitOps x mesh x secrets combination the
// generator accepts, with the provider and compliance values spread over it so each occurs at every tier.
// Each bundle is checked as a platform engineer would deploy it: plain YAML without anchors, GitOps
// references that resolve inside the bundle, kubetier lint clean at its tier, the checklist at 100 % (items
// the options cannot meet waived with their reason, exactly as unmet.ts lists them). Renders are what
// spawn processes, so each distinct chart, overlay or kustomization is rendered with the real helm and
// kubectl once (keyed by its files' content) and its render linted once, with the platform folder of the
// first bundle that has it: the app's objects only reach into namespaces, guardrails and policies, which
// provider and compliance do not change.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Alias, isNode, parseAllDocuments, visit } from 'yaml';
import { generateBundle, unmetItems, writeBundle, type BundleFile, type BundleOptions } from '../../server/src/generator';
import { COMPLIANCE, GITOPS, MESHES, PACKAGINGS, PROVIDERS, SECRETS } from '../../server/src/generator/options';
import type { Tier } from '../../server/src/engine/types';
import { runCaptured, type CliRun } from '../support/cli';
import { isUnschemedNote } from '../support/schemaNotes';
import { tool, unpackedTools } from '../support/tools';

/**
 * The provider follows the app's own options (mesh and secrets) and compliance the GitOps choice, so the
 * three GitOps variants of an app share its chart or overlays (rendered once) while every provider and
 * compliance value still occurs at every tier.
 */
export function combinations(tier: Tier): BundleOptions[] {
  const all: BundleOptions[] = [];
  PACKAGINGS.forEach((packaging, packagingIndex) =>
    GITOPS.forEach((gitops, gitopsIndex) =>
      MESHES.forEach((mesh, meshIndex) =>
        SECRETS.forEach((secrets, secretsIndex) => {
          const provider = PROVIDERS[(meshIndex * SECRETS.length + secretsIndex) % PROVIDERS.length];
          const compliance = COMPLIANCE[(packagingIndex * GITOPS.length + gitopsIndex + meshIndex) % COMPLIANCE.length];
          all.push({ name: 'shop', tier, packaging, gitops, mesh, secrets, provider, compliance });
        }),
      ),
    ),
  );
  return all;
}

export const label = (options: BundleOptions) =>
  `tier ${options.tier} ${options.packaging} gitops ${options.gitops} mesh ${options.mesh} secrets ${options.secrets} (${options.provider}, compliance ${options.compliance})`;

const cli = (argv: string[]): CliRun => runCaptured(argv, { cwd: os.tmpdir() });

interface LintJson {
  files: { path: string; findings: { rule: string; severity: string; message: string; line: number }[] }[];
  skipped: { path: string; line?: number; reason: string }[];
}

/** Findings above hint (bar the note on custom resources no schema describes), and what was not checked. */
export function lint(paths: string[], extra: string[]): { problems: string[]; skipped: LintJson['skipped'] } {
  const run = cli(['lint', ...paths, '--format', 'json', ...extra]);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const report = JSON.parse(run.stdout) as LintJson;
  const problems = report.files.flatMap((file) =>
    file.findings.filter((finding) => finding.severity !== 'hint' && !isUnschemedNote(finding)).map((finding) => `${file.path}:${finding.line} ${finding.severity} ${finding.rule}: ${finding.message}`),
  );
  return { problems, skipped: report.skipped };
}

/** Anchors and aliases in any YAML file of the bundle, as `file: what`. */
export function anchorsIn(files: readonly BundleFile[]): string[] {
  const found: string[] = [];
  for (const file of files.filter((entry) => /\.ya?ml$/.test(entry.path) && !entry.path.includes('/templates/'))) {
    for (const document of parseAllDocuments(file.content)) {
      visit(document, (_key, node) => {
        if (node instanceof Alias) found.push(`${file.path}: alias *${node.source}`);
        else if (isNode(node) && node.anchor) found.push(`${file.path}: anchor &${node.anchor}`);
      });
    }
  }
  return found;
}

type Doc = Record<string, any>;

function objectsOf(files: readonly BundleFile[]): { file: string; value: Doc }[] {
  return files
    .filter((file) => /\.ya?ml$/.test(file.path) && !file.path.includes('/templates/'))
    .flatMap((file) => parseAllDocuments(file.content).map((document) => ({ file: file.path, value: document.toJS() as Doc })))
    .filter((entry) => entry.value && typeof entry.value.kind === 'string');
}

/** `{{.key}}` of an ApplicationSet template replaced by each list element's values. */
function expand(template: unknown, element: Record<string, string>): any {
  return JSON.parse(JSON.stringify(template).replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, key: string) => element[key] ?? `<missing ${key}>`));
}

/**
 * What the bundle's GitOps objects point at, checked against its files: Argo CD source paths, chart
 * valueFiles (relative to the chart, or $values/ from the repository root), destination namespaces of the
 * app; Flux Kustomization paths, HelmRelease charts and valuesFiles. Returns the problems and how many references were checked.
 */
export function gitopsReferences(files: readonly BundleFile[], repository: string): { problems: string[]; checked: number } {
  const paths = new Set(files.map((file) => file.path));
  const folder = (name: string) => [...paths].some((file) => file.startsWith(`${name.replace(/^\.\//, '').replace(/\/$/, '')}/`));
  const objects = objectsOf(files);
  const namespaces = new Set(objects.filter((entry) => entry.value.kind === 'Namespace').map((entry) => entry.value.metadata.name));
  const problems: string[] = [];
  let checked = 0;
  const need = (ok: boolean, what: string) => {
    checked++;
    if (!ok) problems.push(what);
  };
  const argoSpec = (where: string, spec: Doc) => {
    const sources: Doc[] = [spec.source, ...(spec.sources ?? [])].filter(Boolean);
    for (const source of sources) {
      for (const valueFile of source.helm?.valueFiles ?? []) {
        const file = valueFile.startsWith('$values/') ? valueFile.slice('$values/'.length) : `${source.path}/${valueFile}`;
        need(paths.has(file), `${where}: valueFiles ${valueFile} -> ${file} is not in the bundle`);
      }
      if (source.repoURL !== repository || source.path === undefined) continue;
      need(folder(source.path), `${where}: source path ${source.path} is not a folder of the bundle`);
      // An app's namespace must be one the platform folder creates (with its guardrails).
      if (spec.destination?.namespace && source.path !== 'gitops/apps') need(namespaces.has(spec.destination.namespace), `${where}: destination namespace ${spec.destination.namespace} is not created by the bundle`);
    }
  };
  for (const { file, value } of objects) {
    const where = `${file} ${value.kind} ${value.metadata?.name}`;
    if (value.kind === 'Application' && value.apiVersion.startsWith('argoproj.io/')) argoSpec(where, value.spec);
    if (value.kind === 'ApplicationSet') {
      for (const generator of value.spec.generators) for (const element of generator.list?.elements ?? []) argoSpec(`${where} (${JSON.stringify(element)})`, expand(value.spec.template.spec, element));
    }
    if (value.kind === 'Kustomization' && value.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) need(folder(value.spec.path), `${where}: path ${value.spec.path} is not a folder of the bundle`);
    if (value.kind === 'HelmRelease' && String(value.spec.chart.spec.chart).startsWith('./')) {
      const chart = value.spec.chart.spec.chart.slice(2);
      need(paths.has(`${chart}/Chart.yaml`), `${where}: chart ${chart} is not a chart of the bundle`);
      for (const valuesFile of value.spec.chart.spec.valuesFiles ?? []) need(paths.has(valuesFile.replace(/^\.\//, '')), `${where}: valuesFiles ${valuesFile} is not in the bundle`);
      need(namespaces.has(value.spec.targetNamespace), `${where}: targetNamespace ${value.spec.targetNamespace} is not created by the bundle`);
    }
  }
  return { problems, checked };
}

/** The content of the files under a folder of the bundle, as one hash: equal folders render alike. */
function folderKey(files: readonly BundleFile[], prefixes: string[]): string {
  const hash = createHash('sha256');
  for (const file of files.filter((entry) => prefixes.some((prefix) => entry.path.startsWith(prefix))).sort((a, b) => a.path.localeCompare(b.path))) hash.update(`${file.path}\0${file.content}\0`);
  return hash.digest('hex');
}

/** Renders of one bundle to check: what to run, keyed by the files that decide its output. */
function rendersOf(options: BundleOptions, files: readonly BundleFile[], root: string, tools: { helm: string; kubectl: string }): { key: string; what: string; run: () => string; lintable: boolean }[] {
  const renders: { key: string; what: string; run: () => string; lintable: boolean }[] = [];
  const chart = `chart/${options.name}`;
  if (options.packaging === 'helm') {
    const key = folderKey(files, [`${chart}/`]);
    renders.push({ key: `${key} lint`, what: 'helm lint --strict', run: () => tool(tools.helm, ['lint', '--strict', path.join(root, chart)]), lintable: false });
    for (const values of files.filter((file) => file.path.startsWith(`${chart}/values`)).map((file) => path.basename(file.path))) {
      const extra = values === 'values.yaml' ? [] : ['-f', path.join(root, chart, values)];
      renders.push({ key: `${key} ${values}`, what: `helm template with ${values}`, run: () => tool(tools.helm, ['template', options.name, path.join(root, chart), ...extra]), lintable: true });
    }
  }
  for (const kustomization of files.filter((file) => file.path.endsWith('kustomization.yaml') && !file.path.startsWith('base/') && !file.path.startsWith('manifests/'))) {
    const folder = path.posix.dirname(kustomization.path);
    // An overlay transforms its base, so both decide the render; the platform folders only gather files
    // (resources, a ConfigMap per values file): their kustomization decides whether they build.
    const key = folder.startsWith('overlays/') ? folderKey(files, [`${folder}/`, 'base/', 'manifests/']) : `${folder} ${kustomization.content}`;
    renders.push({ key, what: `kubectl kustomize ${folder}`, run: () => tool(tools.kubectl, ['kustomize', path.join(root, folder)]), lintable: folder.startsWith('overlays/') });
  }
  return renders;
}

/** The suite of one tier: every combination, and the renders they share. */
export function bundleMatrix(tier: Tier): void {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), `kubetier-matrix-t${tier}-`));
  const rendered = new Map<string, string>();
  let tools = { helm: '', kubectl: '' };
  before(() => {
    tools = unpackedTools();
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  describe(`tier ${tier}: every packaging x GitOps x mesh x secrets combination`, () => {
    it('covers every combination once, and every provider and compliance value', () => {
      const all = combinations(tier);
      assert.equal(new Set(all.map((options) => `${options.packaging} ${options.gitops} ${options.mesh} ${options.secrets}`)).size, PACKAGINGS.length * GITOPS.length * MESHES.length * SECRETS.length);
      assert.deepEqual(new Set(all.map((options) => options.provider)), new Set(PROVIDERS));
      assert.deepEqual(new Set(all.map((options) => options.compliance)), new Set(COMPLIANCE));
    });
    for (const options of combinations(tier)) {
      it(label(options), () => {
        const files = generateBundle(options);
        assert.deepEqual(anchorsIn(files), [], 'plain YAML: no anchors or aliases');
        const references = gitopsReferences(files, `https://git.example.com/platform/${options.name}.git`);
        assert.deepEqual(references.problems, []);
        if (options.tier >= 3 && options.gitops !== 'none') assert.ok(references.checked >= 3, `GitOps references were checked (${references.checked})`);

        const root = path.join(temp, 'bundle');
        fs.rmSync(root, { recursive: true, force: true });
        writeBundle(root, files, false);
        // Plain files at the tier .kubetier.yaml names; chart templates and overlays are checked as rendered below.
        const plain = lint([root], ['--render', 'never']);
        assert.deepEqual(plain.problems, [], 'kubetier lint finds nothing above hint');
        assert.deepEqual(plain.skipped.filter((entry) => !entry.reason.startsWith('rendering is off')), [], 'nothing else is left unchecked');

        const run = cli(['checklist', root, '--tier', String(tier), '--format', 'json']);
        const report = JSON.parse(run.stdout) as { items: { id: string; tier: number; status: string; detail?: string }[]; byTier: Record<string, { percent: number }> };
        const open = report.items.filter((item) => item.tier <= tier && item.status !== 'done');
        assert.deepEqual(open.filter((item) => item.status !== 'not-applicable').map((item) => `${item.id}: ${item.detail}`), [], 'no item of the tier is missing');
        const waived = unmetItems(options);
        assert.deepEqual(open.map((item) => item.id).sort(), waived.map((item) => item.id).sort(), 'exactly the items the options cannot meet are waived');
        for (const item of open) assert.match(item.detail ?? '', /^Waived: /, `${item.id} says why`);
        if (waived.length > 0) assert.match(files.find((file) => file.path === 'README.md')!.content, /## Not met with these options/);
        for (let below = 1; below <= tier; below++) assert.equal(report.byTier[below].percent, 100, `tier ${below} at 100 %`);
        assert.equal(run.code, 0);

        for (const render of rendersOf(options, files, root, tools)) {
          if (rendered.has(render.key)) continue;
          const text = render.run();
          rendered.set(render.key, render.what);
          if (!render.lintable) continue;
          assert.match(text, /kind: Deployment/, `${render.what} renders the Deployment`);
          const file = path.join(temp, 'renders', `${rendered.size}.yaml`);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, text);
          const result = lint([file, path.join(root, 'platform')], ['--render', 'never', '--tier', String(tier)]);
          assert.deepEqual(result.problems, [], `${render.what}: its render lints clean with the platform folder`);
        }
      });
    }
    it('rendered every distinct chart, overlay and kustomization once', (t) => {
      t.diagnostic(`${rendered.size} distinct renders: ${[...new Set(rendered.values())].length} kinds`);
      assert.ok(rendered.size > 0);
    });
  });
}
