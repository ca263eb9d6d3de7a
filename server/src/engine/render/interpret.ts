import * as path from 'path';
import { findNode, locate, locateInDocument } from '../yaml/locate';
import { parseFile, type KubeObject, type ParsedFile } from '../yaml/model';
import type { NodePath, Range } from '../types';
import { isNamespaced } from '../workspace/scope';
import { parseHelmError, renderFailure, splitHelmOutput, type ChartInput, type ValueSet } from './helm';
import { kustomizeErrorMessage, splitKustomizeOutput } from './overlay';
import { patchLocation, type FileReader, type SourceField, type SourceLocation } from './patches';
import type { RenderJob, RenderOptions, RenderTarget } from './plan';
import type { ToolResult } from './runner';
import { locateInTemplate } from './templatemap';

/** Objects a render produced from one source file, as a file the rules lint. */
export interface RenderedFile {
  parsed: ParsedFile;
  target: RenderTarget;
  valueSet?: ValueSet;
  /** The template or resource file the objects come from (absolute), when known. */
  source?: string;
  /** Kustomizations whose transformers changed these objects. */
  transformedBy: string[];
}

/** A render that went wrong where the user can fix it (a template error): a diagnostic at that place. */
export interface RenderError {
  path: string;
  range: Range;
  /** "Helm chart `web`", and the value set that failed: the same problem of several sets is one diagnostic. */
  target: string;
  valueSet?: string;
  /** "does not render: template: ..." */
  problem: string;
}

/** "Helm chart `web` (with values.yaml, values-prod.yaml) does not render: ..." */
export function renderErrorMessage(error: Pick<RenderError, 'target' | 'problem'>, valueSets: readonly string[]): string {
  return `${error.target}${valueSets.length > 0 ? ` (with ${valueSets.join(', ')})` : ''} ${error.problem}`;
}

/** What one job gave: files to lint, or why not. */
export type RenderOutcome =
  | { status: 'rendered'; files: RenderedFile[] }
  | { status: 'error'; error: RenderError }
  | { status: 'not-rendered'; reason: string };

const LINE_ONE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function jobLabel(job: RenderJob): string {
  return job.valueSet ? `${job.target.label} (with ${job.valueSet.label})` : job.target.label;
}

/** Reads what a tool printed (or why it printed nothing) into files to lint or one notice. */
export function interpretRender(job: RenderJob, result: ToolResult, options: Pick<RenderOptions, 'timeoutMs' | 'maxObjects'>): RenderOutcome {
  const what = jobLabel(job);
  const failed = (path: string, range: Range, problem: string): RenderOutcome => ({ status: 'error', error: { path, range, target: job.target.label, valueSet: job.valueSet?.label, problem } });
  if (result.status === 'failed') {
    if (job.chart) {
      const error = parseHelmError(result.stderr, job.chart);
      const line = error.line ?? 0;
      const character = error.character ?? 0;
      return failed(error.file ?? job.target.anchor, { start: { line, character }, end: { line, character } }, `does not render: ${error.message}`);
    }
    return failed(job.target.anchor, LINE_ONE, `does not build: ${kustomizeErrorMessage(result.stderr)}`);
  }
  const failure = renderFailure(result, what, { name: job.tool.name, setting: job.tool.setting, path: job.command?.file ?? 'not on PATH' }, options.timeoutMs);
  if (failure || result.status !== 'ok') return { status: 'not-rendered', reason: failure ?? `${what} not rendered` };
  const files = job.chart ? helmFiles(job, result.stdout) : kustomizeFiles(job, result.stdout);
  const objects = files.reduce((count, file) => count + file.parsed.objects.length, 0);
  if (objects > options.maxObjects) return { status: 'not-rendered', reason: `${what} not linted: it renders ${objects} objects, more than ${options.maxObjects}` };
  const broken = files.find((file) => file.parsed.problems.length > 0);
  if (broken) {
    const problem = broken.parsed.problems[0];
    return failed(broken.source ?? job.target.anchor, LINE_ONE, `renders text that is not YAML: ${problem.message}`);
  }
  return { status: 'rendered', files };
}

function renderedPath(source: string, job: RenderJob): string {
  return `${source}#rendered(${job.valueSet?.label ?? job.target.label})`;
}

function helmFiles(job: RenderJob, stdout: string): RenderedFile[] {
  const bySource = new Map<string, string[]>();
  for (const document of splitHelmOutput(stdout, job.chart!)) {
    const texts = bySource.get(document.source) ?? [];
    texts.push(document.text);
    bySource.set(document.source, texts);
  }
  return [...bySource].map(([source, texts]) => ({
    parsed: withReleaseNamespace(parseFile(renderedPath(source, job), texts.join('---\n')), job.chart!),
    target: job.target,
    valueSet: job.valueSet,
    source,
    transformedBy: [],
  }));
}

/**
 * `helm install -n ns` puts objects without a namespace into ns; `helm template` leaves them without.
 * With the namespace named in `.kubetier.yaml`, the rendered objects get it, as the cluster will.
 */
function withReleaseNamespace(file: ParsedFile, chart: ChartInput): ParsedFile {
  if (!chart.namespaceIsSet || file.objects.every((object) => object.namespace !== undefined || !isNamespaced(object))) return file;
  const texts = file.documents.map((document) => {
    const object = document.objects[0];
    if (object && object.namespace === undefined && isNamespaced(object) && object.basePath.length === 0) document.ast.setIn(['metadata', 'namespace'], chart.namespace);
    return document.ast.toString();
  });
  return parseFile(file.path, texts.join('---\n'));
}

function kustomizeFiles(job: RenderJob, stdout: string): RenderedFile[] {
  return splitKustomizeOutput(stdout, job.wrapperDir ?? job.target.dir).map((object, index) => ({
    parsed: parseFile(`${renderedPath(object.source ?? job.target.anchor, job)}[${index}]`, object.text),
    target: job.target,
    source: object.source,
    transformedBy: object.transformedBy,
  }));
}

/** Where a field of a rendered object is written, and the values it comes from. */
export interface MappedLocation extends SourceLocation {
  values: SourceLocation[];
}

/** The place in the user's files a field of a rendered object maps to. */
export function mapRendered(file: RenderedFile, object: KubeObject, fieldPath: NodePath, read: FileReader, readText: (file: string) => string | undefined): MappedLocation {
  const fallback: MappedLocation = { path: file.source ?? file.target.anchor, range: LINE_ONE, values: [] };
  if (!file.source) return fallback;
  // A finding at a `name` marks which container or port lacks something (the rules' convention), not a bad value;
  // a patch names its containers only to merge into them.
  const anchorOnly = fieldPath[fieldPath.length - 1] === 'name';
  if (file.target.tool === 'kustomize') {
    const patched = anchorOnly ? undefined : patchLocation(object.value, fieldPath, file.transformedBy, read);
    if (patched) return { ...patched, values: [] };
    const original = sourceObject(read(file.source), object);
    return original ? { path: file.source, range: locate(original, fieldPath), values: [] } : fallback;
  }
  const template = readText(file.source);
  if (template === undefined) return fallback;
  const ordinal = file.parsed.objects.filter((other) => other.kind === object.kind).indexOf(object);
  const found = locateInTemplate(template, object.kind, Math.max(0, ordinal), fieldPath);
  if (!found) return fallback;
  const values = anchorOnly
    ? []
    : found.values.flatMap((valuesPath) => {
        const location = valuesLocation(file.valueSet, valuesPath, read);
        return location ? [location] : [];
      });
  return { path: file.source, range: found.range, values };
}

/** The object of a resource file a built object came from: same kind, and a name the build kept inside its own. */
export function sourceObject(file: ParsedFile | undefined, built: KubeObject): KubeObject | undefined {
  const candidates = file?.objects.filter((object) => object.kind === built.kind) ?? [];
  if (candidates.length <= 1) return candidates[0];
  return candidates.find((object) => object.name === built.name) ?? candidates.find((object) => object.name && built.name?.includes(object.name)) ?? candidates[0];
}

/** The values file of the set that decides `valuesPath` (the last one that sets it), at that key; undefined when none spells it out. */
function valuesLocation(valueSet: ValueSet | undefined, valuesPath: NodePath, read: FileReader): SourceLocation | undefined {
  const field = valuesField(valueSet, valuesPath, read);
  return field && { path: field.file.path, range: locateInDocument(field.file, field.document, field.path).range };
}

/** The same as a field to edit. */
export function valuesField(valueSet: ValueSet | undefined, valuesPath: NodePath, read: FileReader): SourceField | undefined {
  for (const valuesFile of [...(valueSet?.files ?? [])].reverse()) {
    const parsed = read(valuesFile);
    const document = parsed?.documents[0];
    if (!parsed || !document) continue;
    if (findNode(document, valuesPath).depth === valuesPath.length) return { file: parsed, document, path: valuesPath };
  }
  return undefined;
}

/** The label a finding names its value sets or overlay by. */
export function renderLabel(file: RenderedFile): string {
  return file.valueSet?.label ?? path.basename(file.target.dir);
}
