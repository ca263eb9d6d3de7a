// "Generate…" for a missing checklist item: the files of a generated bundle that make that item done,
// found by running the item's own detector over the bundle, so the part always satisfies the detector.
import * as path from 'path';
import { isYamlPath, parseText } from '../engine/workspace/disk';
import { WorkspaceIndex } from '../engine/workspace/workspace';
import { defaultsFor, generateBundle, type BundleFile, type BundleOptions } from '../generator';
import { isChecklistDocument } from './disk';
import { runItem } from './index';
import type { ChecklistItem, ChecklistWorkspace } from './item';

/** Where the bundle is imagined while its detector runs; evidence paths are made relative to it again. */
const VIRTUAL_ROOT = path.resolve('/kubetier-generated-part');

/** A checklist workspace over files held in memory (relative paths under VIRTUAL_ROOT). */
export function memoryChecklistWorkspace(files: readonly BundleFile[]): ChecklistWorkspace {
  const absolute = new Map(files.map((file) => [path.join(VIRTUAL_ROOT, file.path), file.content]));
  const yaml = [...absolute].filter(([file]) => isYamlPath(file)).map(([file, text]) => parseText(file, text));
  return {
    index: WorkspaceIndex.of(yaml),
    otherFiles: [...absolute.keys()].filter((file) => isChecklistDocument(path.basename(file))),
    readText: (file) => absolute.get(file),
  };
}

/** The bundle options a part for `item` is generated with: the item's tier, its defaults, plain manifests. */
export function partOptions(item: ChecklistItem, name: string): BundleOptions {
  // Plain manifests fit into any repository; only the packaging item is about a chart or overlays.
  const packaging = item.id === 't2-packaging' ? defaultsFor(item.tier).packaging : 'raw';
  return { ...defaultsFor(item.tier), packaging, name, tier: item.tier };
}

/** The generated files that satisfy `item` (its detector's evidence over a generated bundle); none when none does. */
export function generatedPart(item: ChecklistItem, name: string): BundleFile[] {
  const files = generateBundle(partOptions(item, name));
  const report = runItem(item, memoryChecklistWorkspace(files));
  if (report.status !== 'done') return [];
  const used = new Set(report.evidence.map((evidence) => path.relative(VIRTUAL_ROOT, evidence.path).split(path.sep).join('/')));
  // A chart or a kustomization is evidence for its whole folder: a Chart.yaml alone renders nothing.
  const folders = [...used].filter((file) => PACKAGE_ROOTS.has(path.posix.basename(file))).map((file) => `${path.posix.dirname(file)}/`);
  return files.filter((file) => used.has(file.path) || folders.some((folder) => file.path.startsWith(folder)));
}

const PACKAGE_ROOTS = new Set(['Chart.yaml', 'kustomization.yaml']);
