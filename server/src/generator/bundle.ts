// A tier bundle as files: the entries of every part of its tier (all.ts), the application's objects
// packaged as raw manifests, a Kustomize base with overlays, or a Helm chart, the other objects and files
// as they are, plus the README and the .kubetier.yaml naming the tier.
import type { Manifest } from '../builders';
import { BUNDLE_PARTS } from './all';
import type { BundleOptions } from './options';
import { helmChart, kustomization, overlays, plainDocuments } from './packaging';
import type { BundleEntry } from './part';
import { readme } from './readme';
import { unmetItems } from './unmet';
import { toYaml } from './yamlText';

export interface BundleFile {
  /** Relative to the bundle root, with forward slashes. */
  path: string;
  content: string;
}

/** Values grouped by file, in first-seen order. */
function groupByFile<T>(entries: readonly { file: string; value: T }[]): Map<string, T[]> {
  const files = new Map<string, T[]>();
  for (const entry of entries) files.set(entry.file, [...(files.get(entry.file) ?? []), entry.value]);
  return files;
}

/** The application's objects, packaged the way the options ask. */
function applicationFiles(options: BundleOptions, appFiles: Map<string, Manifest[]>): BundleFile[] {
  if (options.packaging === 'helm') return helmChart(options, appFiles);
  const folder = options.packaging === 'kustomize' ? 'base' : 'manifests';
  const files = [...appFiles].map(([file, manifests]) => ({ path: `${folder}/${file}`, content: plainDocuments(manifests, options) }));
  if (options.packaging === 'kustomize' || options.tier >= 2) {
    files.push({ path: `${folder}/kustomization.yaml`, content: kustomization({ resources: [...appFiles.keys()] }) });
    files.push(...overlays(options, `../../${folder}`));
  }
  return files;
}

/** Objects applied as they are, and finished files, in the order the parts give them. */
function plainFiles(options: BundleOptions, entries: readonly BundleEntry[]): BundleFile[] {
  const grouped = groupByFile(entries.flatMap((entry) => (entry.area === 'app' ? [] : [{ file: entry.file, value: entry }])));
  return [...grouped].map(([file, group]) => ({
    path: file,
    content: group.map((entry) => (entry.area === 'file' ? entry.content : plainDocuments([entry.manifest], options))).join('---\n'),
  }));
}

/**
 * platform/kustomization.yaml: the platform objects, which GitOps applies as one folder (and `kubectl apply
 * -k` without it). Helm values and the audit policy are not objects of the API: they stay out.
 */
function platformKustomization(entries: readonly BundleEntry[]): BundleFile {
  const files = new Set(entries.flatMap((entry) => (entry.area === 'cluster' && entry.file.startsWith(PLATFORM) && entry.manifest.kind !== 'Policy' ? [entry.file.slice(PLATFORM.length)] : [])));
  return { path: `${PLATFORM}kustomization.yaml`, content: kustomization({ resources: [...files] }) };
}

const PLATFORM = 'platform/';

/** .kubetier.yaml: the tier, and the checklist items the options cannot meet, each with its reason. */
function projectConfig(options: BundleOptions): BundleFile {
  const waived = Object.fromEntries(unmetItems(options).map((item) => [item.id, item.reason]));
  return { path: '.kubetier.yaml', content: toYaml({ tier: options.tier, kubernetesVersion: '1.31', ...(Object.keys(waived).length > 0 ? { checklist: { waived } } : {}) }) };
}

/** Every file of the bundle, content included. Pure: writing is writeBundle's job. */
export function generateBundle(options: BundleOptions): BundleFile[] {
  const entries = BUNDLE_PARTS.filter((part) => part.tier <= options.tier).flatMap((part) => part.entries(options));
  const appFiles = groupByFile(entries.flatMap((entry) => (entry.area === 'app' ? [{ file: entry.file, value: entry.manifest }] : [])));
  const files = [...applicationFiles(options, appFiles), ...plainFiles(options, entries), platformKustomization(entries)];
  files.push(projectConfig(options));
  files.push({ path: 'README.md', content: readme(options, [...files.map((file) => file.path), 'README.md'].sort()) });
  return files;
}
