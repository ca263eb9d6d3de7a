import * as path from 'path';
import { isMap, isScalar, parseAllDocuments, parse as parseYaml } from 'yaml';
import type { ToolSpec } from './tools';

/**
 * The kustomization kubetier builds instead of the user's: it takes the overlay as its only resource
 * and asks kustomize to record where each object came from. It lives in a temporary folder; the
 * user's files are never written.
 */
export function wrapperKustomization(wrapperDir: string, overlayDir: string): string {
  const relative = path.relative(wrapperDir, overlayDir).split(path.sep).join('/');
  return `resources:\n  - ${JSON.stringify(relative)}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`;
}

/** Arguments of the build: `kubectl kustomize <dir>` or `kustomize build <dir>`. */
export function kustomizeArgs(tool: ToolSpec, dir: string): string[] {
  return tool.name === 'kustomize' ? ['build', dir] : ['kustomize', dir];
}

const ORIGIN = 'config.kubernetes.io/origin';
const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';

/** One object of a build, its text without kubetier's bookkeeping annotations, and where it came from. */
export interface BuiltObject {
  text: string;
  /** Absolute path of the file it was read from, or of the kustomization whose generator made it. */
  source: string | undefined;
  /** Kustomizations (absolute paths) whose transformers changed it: where its patches are. */
  transformedBy: string[];
}

/** Splits a build's output into objects, reading and removing the annotations the wrapper asked for. */
export function splitKustomizeOutput(stdout: string, wrapperDir: string): BuiltObject[] {
  const objects: BuiltObject[] = [];
  for (const document of parseAllDocuments(stdout)) {
    if (!isMap(document.contents)) continue;
    const annotations = document.getIn(['metadata', 'annotations'], true);
    const origin = readAnnotation(annotations, ORIGIN);
    const transformations = readAnnotation(annotations, TRANSFORMATIONS);
    if (isMap(annotations)) {
      annotations.delete(ORIGIN);
      annotations.delete(TRANSFORMATIONS);
      if (annotations.items.length === 0) document.deleteIn(['metadata', 'annotations']);
    }
    objects.push({ text: document.toString(), source: originPath(origin, wrapperDir), transformedBy: transformerFiles(transformations, wrapperDir) });
  }
  return objects;
}

function readAnnotation(annotations: unknown, key: string): unknown {
  if (!isMap(annotations)) return undefined;
  const value = annotations.get(key, true);
  if (!isScalar(value) || typeof value.value !== 'string') return undefined;
  try {
    return parseYaml(value.value);
  } catch {
    return undefined;
  }
}

function originPath(origin: unknown, wrapperDir: string): string | undefined {
  if (typeof origin !== 'object' || origin === null) return undefined;
  const entry = origin as { path?: unknown; configuredIn?: unknown; repo?: unknown };
  if (entry.repo !== undefined) return undefined;
  const file = typeof entry.path === 'string' ? entry.path : typeof entry.configuredIn === 'string' ? entry.configuredIn : undefined;
  return file ? path.resolve(wrapperDir, file) : undefined;
}

function transformerFiles(transformations: unknown, wrapperDir: string): string[] {
  if (!Array.isArray(transformations)) return [];
  const files = transformations
    .map((entry) => (typeof entry === 'object' && entry !== null ? (entry as { configuredIn?: unknown }).configuredIn : undefined))
    .filter((file): file is string => typeof file === 'string')
    .map((file) => path.resolve(wrapperDir, file));
  return [...new Set(files)];
}

/** The message of a failed build: kustomize's `Error: ...` lines, joined. */
export function kustomizeErrorMessage(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/^error: /i, '');
}
