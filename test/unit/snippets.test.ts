// snippets/kubernetes.code-snippets: every snippet, expanded with its defaults (what Tab-Tab-Tab inserts),
// lints clean at the tier its prefix names, and every snippet the checklist offers exists.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CHECKLIST_ITEMS } from '../../server/src/checklist';
import { parseText } from '../../server/src/engine/workspace/disk';
import { lintProject, type FileReport } from '../../server/src/engine/workspace/project';
import type { Tier } from '../../server/src/engine/types';
import { RULES } from '../../server/src/rules';
import { REPO_ROOT } from '../support/fixtures';
import { expandWithDefaults, snippets, SNIPPETS_FILE, type Snippet } from '../support/snippets';

const tierOf = (snippet: Snippet): Tier => Number(/^k8s-t([1-5])-/.exec(snippet.prefix)![1]) as Tier;

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-snippets-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

/** kind/namespace/name of every object a text declares. */
function identities(file: string, text: string): string[] {
  return parseText(file, text).documents.flatMap((document) => document.objects.map((object) => `${object.kind}/${object.namespace ?? ''}/${object.name}`));
}

interface TierWorkspace {
  reports: FileReport[];
  /** The file each snippet of the tier was written to. */
  fileOf: Map<string, string>;
}

const workspaces = new Map<Tier, TierWorkspace>();

/** The snippets of a tier and the tiers below, written and linted once at that tier (see the tests below). */
function tierWorkspace(tier: Tier): TierWorkspace {
  const cached = workspaces.get(tier);
  if (cached) return cached;
  const dir = path.join(temp, `tier${tier}`);
  fs.mkdirSync(dir);
  const taken = new Set<string>();
  const linted: string[] = [];
  const fileOf = new Map<string, string>();
  for (const snippet of snippets.filter((entry) => tierOf(entry) <= tier).sort((a, b) => tierOf(b) - tierOf(a))) {
    const file = path.join(dir, `${snippet.prefix}.yaml`);
    const text = expandWithDefaults(snippet.body.join('\n'));
    const ids = identities(file, text);
    assert.ok(ids.length > 0, `${snippet.prefix} expands to Kubernetes objects`);
    if (ids.some((id) => taken.has(id))) continue;
    for (const id of ids) taken.add(id);
    fs.writeFileSync(file, text);
    linted.push(file);
    if (tierOf(snippet) === tier) fileOf.set(snippet.prefix, file);
  }
  // Objects that live in a controller's namespace (argocd, velero) get that namespace's guardrails the way
  // a user adds them: the tier 2 guardrail snippets again, with the namespace typed in.
  if (tier >= 2) {
    const namespaces = new Set(linted.flatMap((file) => parseText(file, fs.readFileSync(file, 'utf8')).documents.flatMap((document) => document.objects.map((object) => object.namespace))));
    for (const namespace of [...namespaces].filter((name): name is string => name !== undefined && name !== 'app')) {
      for (const prefix of ['k8s-t2-netpol', 'k8s-t2-quota']) {
        const file = path.join(dir, `${prefix}.${namespace}.yaml`);
        fs.writeFileSync(file, expandWithDefaults(snippets.find((snippet) => snippet.prefix === prefix)!.body.join('\n'), { 1: namespace }));
        linted.push(file);
      }
    }
  }
  const workspace = { reports: lintProject(linted.map((file) => ({ path: file })), { rules: RULES, host: {}, cliTier: tier }), fileOf };
  workspaces.set(tier, workspace);
  return workspace;
}

describe('snippets', () => {
  it('expansion follows the snippet syntax (nested defaults, mirrors, choices, escapes)', () => {
    assert.equal(expandWithDefaults('name: ${1:app}\nns: ${2:$1}\nsvc: $1-svc ${3|a,b|} \\$HOME$0'), 'name: app\nns: app\nsvc: app-svc a $HOME');
    assert.equal(expandWithDefaults('${1:web} ${2:${1:ignored}-x} $2'), 'web web-x web-x');
  });

  it('package.json contributes the snippet file for YAML', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.ok(
      (manifest.contributes.snippets as { language: string; path: string }[]).some((entry) => entry.language === 'yaml' && path.resolve(REPO_ROOT, entry.path) === SNIPPETS_FILE),
    );
  });

  it('every snippet the checklist offers for a missing item exists', () => {
    const prefixes = new Set(snippets.map((snippet) => snippet.prefix));
    const referenced = [...new Set(CHECKLIST_ITEMS.flatMap((item) => (item.snippet ? [item.snippet] : [])))];
    assert.ok(referenced.length > 20);
    assert.deepEqual(referenced.filter((prefix) => !prefixes.has(prefix)), []);
  });

  it('every prefix names its tier, has a description and tab stops', () => {
    for (const snippet of snippets) {
      assert.match(snippet.prefix, /^k8s-t[1-5]-[a-z0-9-]+$/);
      assert.ok(snippet.description.startsWith(`Tier ${tierOf(snippet)}: `), snippet.prefix);
      assert.match(snippet.body.join('\n'), /\$\{1[:|]/, `${snippet.prefix} has a first tab stop with a default`);
    }
  });

  // One test per snippet: it is linted at its own tier in the workspace a user builds from the snippets of
  // that tier and the tiers below (their defaults share the name "app", so they fit together: a Service has
  // pods, a namespace its quota); where a lower tier's snippet declares the same object as a higher one (t1
  // vs t2 Deployment), the higher one is kept. Cross-file rules need that company: a Service alone selects
  // nothing. Every finding counts, hints included.
  for (const snippet of snippets) {
    it(`${snippet.prefix}, expanded with its defaults, lints with no finding at tier ${tierOf(snippet)}`, () => {
      const { reports, fileOf } = tierWorkspace(tierOf(snippet));
      const own = fileOf.get(snippet.prefix);
      assert.ok(own, `${snippet.prefix} declares an object another tier ${tierOf(snippet)} snippet declares`);
      const problems = reports
        .filter((report) => report.path === own)
        .flatMap((report) => report.findings.map((finding) => `${path.basename(report.path)}:${finding.range.start.line + 1} ${finding.severity} ${finding.ruleId}: ${finding.message}`));
      assert.deepEqual(problems, []);
    });
  }
});
