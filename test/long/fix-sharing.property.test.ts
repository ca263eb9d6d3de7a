// Properties of fixes through YAML sharing, on generated manifests that share values every way YAML
// allows (anchors and aliases of maps, lists, scalars and whole List items; `<<` merges): every fix of
// every finding, alone, leaves the resolved value of every field outside what its operations write as
// it was (checked here independently of the engine's own last check), keeps every anchor, and leaves
// a file that reads. And workspace globs answer as picomatch does on normalised paths.
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { fixDocument, fixOperations, fixAllText } from '../../server/src/engine/edit/fix';
import { detectStyle } from '../../server/src/engine/edit/style';
import { lintFile } from '../../server/src/engine/lint/lint';
import type { FixOperation } from '../../server/src/engine/lint/rule';
import type { NodePath, Tier } from '../../server/src/engine/types';
import { parseText } from '../../server/src/engine/workspace/disk';
import { compileGlobs } from '../../server/src/engine/workspace/globs';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { parseYamlDocuments } from '../../server/src/engine/yaml/parse';
import { RULES, RULES_BY_ID } from '../../server/src/rules';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

interface Shape {
  /** Containers share one resources map (`&res` / `*res`). */
  sharedResources: boolean;
  /** The metadata labels are the selector (`&lab` / `*lab`). */
  labelsAsSelector: boolean;
  /** replicas is anchored and reused as a memory request. */
  replicasAsMemory: boolean;
  /** Containers share a securityContext. */
  sharedSecurityContext: boolean;
  /** The pod spec merges defaults (`<<: *defaults`). */
  mergedDefaults: boolean;
  /** The Deployment is a List item aliased by the next item. */
  aliasedItem: boolean;
  containers: number;
  tier: Tier;
}

const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  sharedResources: fc.boolean(),
  labelsAsSelector: fc.boolean(),
  replicasAsMemory: fc.boolean(),
  sharedSecurityContext: fc.boolean(),
  mergedDefaults: fc.boolean(),
  aliasedItem: fc.boolean(),
  containers: fc.integer({ min: 1, max: 3 }),
  tier: fc.constantFrom<Tier>(1, 2, 3, 4, 5),
});

/** A List holding a Deployment (and an alias of it) with the sharing the shape asks for. */
function manifest(shape: Shape): string {
  const lines = ['apiVersion: v1', 'kind: List', 'defaults: &defaults', '  hostNetwork: false', '  securityContext:', '    fsGroup: 2000', 'items:'];
  lines.push(`  - ${shape.aliasedItem ? '&item ' : ''}apiVersion: apps/v1`, '    kind: Deployment', '    metadata:', '      name: web');
  lines.push(shape.labelsAsSelector ? '      labels: &lab' : '      labels:', '        app: web', '    spec:');
  lines.push(shape.replicasAsMemory ? '      replicas: &one 1' : '      replicas: 1', '      selector:');
  lines.push(shape.labelsAsSelector ? '        matchLabels: *lab' : '        matchLabels: {app: web}');
  lines.push('      template:', '        metadata:', '          labels: {app: web}', '        spec:');
  if (shape.mergedDefaults) lines.push('          <<: *defaults');
  lines.push('          containers:');
  for (let i = 0; i < shape.containers; i++) {
    lines.push(`            - name: c${i}`, `              image: nginx:1.27`);
    const first = i === 0;
    if (shape.sharedResources) lines.push(first ? '              resources: &res {}' : '              resources: *res');
    else if (shape.replicasAsMemory && first) lines.push('              resources:', '                requests:', '                  memory: *one');
    if (shape.sharedSecurityContext) lines.push(first ? '              securityContext: &sc {privileged: true}' : '              securityContext: *sc');
  }
  if (shape.aliasedItem) lines.push('  - *item');
  return `${lines.join('\n')}\n`;
}

/** Every leaf of a value (scalars, empty maps and lists) by its path. */
function leaves(value: unknown, at: NodePath = [], into = new Map<string, { path: NodePath; value: string }>()): Map<string, { path: NodePath; value: string }> {
  const entries = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : value && typeof value === 'object' ? Object.entries(value) : undefined;
  if (!entries || entries.length === 0) into.set(JSON.stringify(at), { path: at, value: JSON.stringify(value) });
  else for (const [key, item] of entries) leaves(item, [...at, key], into);
  return into;
}

/** What an operation writes, by this test's own reading of the operations (a merge writes the leaves it names). */
function written(basePath: NodePath, operation: FixOperation): NodePath[] {
  if (operation.op === 'addDocument') return [];
  const at = [...basePath, ...operation.path];
  if (operation.op === 'merge') return [...leaves(operation.value).values()].map((leaf) => [...at, ...leaf.path]);
  if (operation.op === 'renameKey') return [at, [...at.slice(0, -1), operation.newKey]];
  return [at];
}

const startsWith = (path: NodePath, prefix: NodePath) => prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);

/** The leaves outside `writes` whose value differs between the two document values. */
function changedOutside(before: unknown, after: unknown, writes: NodePath[]): string[] {
  const old = leaves(before);
  const fresh = leaves(after);
  // Under a written path anything may change; a leaf on the way to one (an empty map, a null) may become a map.
  const allowed = (path: NodePath) => writes.some((write) => startsWith(path, write) || startsWith(write, path));
  return [...new Set([...old.keys(), ...fresh.keys()])].filter((key) => {
    const leaf = (old.get(key) ?? fresh.get(key))!;
    return old.get(key)?.value !== fresh.get(key)?.value && !allowed(leaf.path);
  });
}

const anchors = (text: string) => new Set([...text.matchAll(/&([\w-]+)/g)].map((match) => match[1]));
const firstValue = (text: string) => parseYamlDocuments(text, { merge: true })[0].toJS({ maxAliasCount: -1 });

describe('fixes through shared YAML values', { timeout: 600_000 }, () => {
  it('every fix alone changes nothing outside what it writes, keeps every anchor, and leaves a file that reads', () => {
    fc.assert(
      fc.property(shapeArbitrary, (shape) => {
        const text = manifest(shape);
        const file = parseText('/virtual/shared.yaml', text);
        assert.deepEqual(file.problems, [], text);
        const index = WorkspaceIndex.of([file]);
        const settings = resolveSettings(text, undefined, {}, shape.tier);
        const before = firstValue(text);
        for (const finding of lintFile(file, { settings, index, rules: RULES })) {
          const operations = fixOperations(file, finding, RULES_BY_ID.get(finding.ruleId), { index, tier: shape.tier });
          if (!operations || !finding.fix) continue;
          const document = file.documents[finding.fix.documentIndex];
          const result = fixDocument(text, document.span, finding.fix.basePath, operations, detectStyle(text));
          if (result.text === text) continue;
          const where = `${finding.ruleId} on\n${text}\n->\n${result.text}`;
          assert.deepEqual(parseText(file.path, result.text).problems, [], where);
          for (const anchor of anchors(text)) assert.ok(anchors(result.text).has(anchor), `&${anchor} dropped by ${where}`);
          const writes = operations.flatMap((operation) => written(finding.fix!.basePath, operation));
          assert.deepEqual(changedOutside(before, firstValue(result.text), writes), [], where);
        }
        const all = fixAllText(file.path, text, { rules: RULES, settings, index });
        assert.deepEqual(parseText(file.path, all.text).problems, [], all.text);
        for (const anchor of anchors(text)) assert.ok(anchors(all.text).has(anchor), `fix-all dropped &${anchor}:\n${all.text}`);
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });

  it('workspace globs answer as picomatch does on normalised paths', () => {
    const token = fc.constantFrom('*', '**', '?', 'a', 'b', 'ab', '/', '.', '.y', '{a,b}', '[ab]', '[!a]', '@(a|b)', '+(a)');
    const segment = fc.constantFrom('a', 'b', 'ab', 'ba', '.a', 'a.y', 'aab', 'x');
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 7 }), fc.array(segment, { minLength: 1, maxLength: 4 }), (tokens, segments) => {
        const glob = tokens.join('');
        const file = segments.join('/');
        const set = compileGlobs([glob]);
        if (set.problems.length > 0) return;
        assert.equal(set.matches(file), picomatch(glob, { dot: true })(file), `${glob} on ${file}`);
      }),
      { numRuns: RUNS * 20 },
    );
  });
});
