import * as path from 'path';
import { asArray, asMap, getPath } from '../engine/kube/objects';
import { locate } from '../engine/yaml/locate';
import type { KubeObject, ParsedDocument, ParsedFile, PlainMap } from '../engine/yaml/model';
import type { Range, Tier } from '../engine/types';
import type { IndexQueries } from '../engine/workspace/queries';

/** What the checklist looks at: the index, plus the other files (README, PROJECT) some items need. */
export interface ChecklistWorkspace {
  index: IndexQueries;
  /** Paths of the workspace's non-YAML files worth reading (README*.md, PROJECT); YAML files are in the index. */
  otherFiles: readonly string[];
  readText(file: string): string | undefined;
  /** Where evidence in a rendered object is in the user's files (its template, resource or patch line); absent: where it is. */
  sourceOf?(filePath: string, range: Range): { path: string; range: Range };
  /** Items waived in `.kubetier.yaml` (`checklist.waived`), with the reason and where it is said. */
  waived?: ReadonlyMap<string, string>;
}

/** A file and range that satisfies (or, for a missing item, falls short of) a checklist item. */
export interface Evidence {
  path: string;
  range: Range;
  label: string;
}

export type ChecklistStatus = 'done' | 'missing' | 'not-applicable';

export interface ItemResult {
  status: ChecklistStatus;
  evidence: Evidence[];
  /** Why the item is missing or not applicable, in a sentence. */
  detail?: string;
}

export interface ChecklistItem {
  /** Stable id: `t<tier>-<name>`, the module name and the fixture folder. */
  id: string;
  tier: Tier;
  title: string;
  /** What counts as done, for the panel's tooltip and the docs. */
  criteria: string;
  /** Snippet prefix that inserts what is missing, when one exists. */
  snippet?: string;
  detect(workspace: ChecklistWorkspace): ItemResult;
}

export function defineChecklistItem(item: ChecklistItem): ChecklistItem {
  return item;
}

/** The namespace an object lands in (metadata.namespace, else default). */
export function namespaceOf(object: KubeObject): string {
  return object.namespace ?? 'default';
}

/** Objects whose kind (and group, when given) matches; Helm template objects count too: they are in the chart. */
export function objectsOfKind(workspace: ChecklistWorkspace, kind: string, group?: string): KubeObject[] {
  const found: KubeObject[] = [];
  for (const object of workspace.index.objects()) {
    if (object.kind === kind && (group === undefined || object.group === group)) found.push(object);
  }
  return found;
}

export function objectEvidence(object: KubeObject): Evidence {
  const hasName = typeof getPath(object.value, ['metadata', 'name']) === 'string';
  return {
    path: object.file.path,
    range: locate(object, hasName ? ['metadata', 'name'] : ['kind']),
    label: `${object.kind}${object.name ? ` ${object.name}` : ''}`,
  };
}

export function fileEvidence(file: string, label = path.basename(file)): Evidence {
  return { path: file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, label };
}

export function done(evidence: Evidence[]): ItemResult {
  return { status: 'done', evidence };
}

export function missing(detail: string, evidence: Evidence[] = []): ItemResult {
  return { status: 'missing', evidence, detail };
}

export function notApplicable(detail: string): ItemResult {
  return { status: 'not-applicable', evidence: [], detail };
}

/** Done when any object matches; its evidence is every match. */
export function whenAny(objects: KubeObject[], detailIfNone: string): ItemResult {
  return objects.length > 0 ? done(objects.map(objectEvidence)) : missing(detailIfNone);
}

/** Done when every group has at least one object; evidence from all groups. */
export function whenAll(groups: { objects: KubeObject[]; what: string }[]): ItemResult {
  const absent = groups.filter((group) => group.objects.length === 0).map((group) => group.what);
  const evidence = groups.flatMap((group) => group.objects.map(objectEvidence));
  return absent.length === 0 ? done(evidence) : missing(`No ${absent.join(' or ')} found.`, evidence);
}

/** A YAML document that is not a Kubernetes object (Helm values, tool config), with its file. */
export interface PlainDocument {
  file: ParsedFile;
  document: ParsedDocument;
  value: PlainMap;
}

export function plainDocuments(workspace: ChecklistWorkspace): PlainDocument[] {
  const result: PlainDocument[] = [];
  for (const file of workspace.index.allFiles()) {
    for (const document of file.documents) {
      const value = asMap(document.value);
      if (value && document.objects.length === 0) result.push({ file, document, value });
    }
  }
  return result;
}

/** Every YAML map document of files whose base name matches (Chart.yaml, kustomization.yaml), objects or not. */
export function documentsOfFiles(workspace: ChecklistWorkspace, baseName: RegExp): PlainDocument[] {
  const result: PlainDocument[] = [];
  for (const file of workspace.index.allFiles()) {
    if (!baseName.test(path.basename(file.path))) continue;
    for (const document of file.documents) {
      const value = asMap(document.value);
      if (value) result.push({ file, document, value });
    }
  }
  return result;
}

export function documentEvidence(entry: PlainDocument, label: string): Evidence {
  const start = entry.file.lines.positionAt(entry.document.span[0]);
  return { path: entry.file.path, range: { start, end: start }, label };
}

/**
 * Helm charts the workspace installs: Argo CD Application sources, Flux
 * HelmReleases and Chart.yaml dependencies, each with where it is named.
 */
export function chartReferences(workspace: ChecklistWorkspace): { chart: string; evidence: Evidence }[] {
  const result: { chart: string; evidence: Evidence }[] = [];
  for (const object of workspace.index.objects()) {
    if (object.kind === 'Application' && object.group === 'argoproj.io') {
      const sources = [getPath(object.value, ['spec', 'source']), ...asArray(getPath(object.value, ['spec', 'sources']))];
      for (const source of sources) {
        const chart = asMap(source)?.chart;
        if (typeof chart === 'string') result.push({ chart, evidence: objectEvidence(object) });
      }
    } else if (object.kind === 'HelmRelease' && object.group === 'helm.toolkit.fluxcd.io') {
      const chart = getPath(object.value, ['spec', 'chart', 'spec', 'chart']);
      if (typeof chart === 'string') result.push({ chart, evidence: objectEvidence(object) });
    }
  }
  for (const entry of documentsOfFiles(workspace, /^Chart\.yaml$/)) {
    for (const dependency of asArray(entry.value.dependencies)) {
      const name = asMap(dependency)?.name;
      if (typeof name === 'string') result.push({ chart: name, evidence: documentEvidence(entry, `Chart.yaml dependency ${name}`) });
    }
  }
  return result;
}

/** Evidence of charts whose name matches, e.g. /^kube-prometheus-stack$/. */
export function chartsNamed(workspace: ChecklistWorkspace, pattern: RegExp): Evidence[] {
  return chartReferences(workspace)
    .filter((reference) => pattern.test(reference.chart))
    .map((reference) => reference.evidence);
}

/** Values documents (any non-object YAML map) that satisfy a predicate. */
export function valuesWhere(workspace: ChecklistWorkspace, label: string, predicate: (values: PlainMap) => boolean): Evidence[] {
  return plainDocuments(workspace)
    .filter((entry) => predicate(entry.value))
    .map((entry) => documentEvidence(entry, `${label} (${path.basename(entry.file.path)})`));
}

/** Whether any string inside a value (deeply) matches: for HCL config embedded in Helm values. */
export function someString(value: unknown, pattern: RegExp, depth = 0): boolean {
  if (depth > 50) return false;
  if (typeof value === 'string') return pattern.test(value);
  if (Array.isArray(value)) return value.some((entry) => someString(entry, pattern, depth + 1));
  const map = asMap(value);
  return map ? Object.values(map).some((entry) => someString(entry, pattern, depth + 1)) : false;
}
