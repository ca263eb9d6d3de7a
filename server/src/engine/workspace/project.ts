import { resolveSettings, type HostSettings, type ResolvedSettings } from '../lint/config';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigCache, loadFile, notCheckedOptions, parseText } from './disk';
import { notCheckedParts, type NotChecked } from '../lint/notchecked';
import { KUSTOMIZATION_FILE_NAMES } from './kustomize';
import { lintFile, type Finding } from '../lint/lint';
import type { ParseLimits, ParsedFile } from '../yaml/model';
import type { Rule } from '../lint/rule';
import type { Tier } from '../types';
import { WorkspaceIndex } from './workspace';

export interface ProjectOptions {
  rules: readonly Rule[];
  host: HostSettings;
  /** `--tier`: overrides every other tier source. */
  cliTier?: Tier;
  maxFileBytes?: number;
  /** Alias and nesting limits (`--max-aliases`, `--max-depth`); the defaults when absent. */
  limits?: ParseLimits;
}

export interface FileReport {
  path: string;
  settings: ResolvedSettings;
  findings: Finding[];
  /** Why the file was not linted (binary, too large, unreadable). */
  skipped?: string;
  /** Parts of a read file that no rule checks (a Helm template, a document that is not an object), with why. */
  notChecked: NotChecked[];
}

export interface ProjectInput {
  path: string;
  /** Text already in hand (stdin, an editor buffer); read from disk when absent. */
  text?: string;
}

/**
 * Lints a set of files as one workspace: every file is parsed, indexed, then
 * linted with its own resolved settings, so cross-file rules see all of them.
 */
export function lintProject(inputs: readonly ProjectInput[], options: ProjectOptions, configs = new ConfigCache()): FileReport[] {
  const parsed: ParsedFile[] = [];
  const skipped: FileReport[] = [];
  for (const input of inputs) {
    if (input.text !== undefined) {
      parsed.push(parseText(input.path, input.text, options.limits));
      continue;
    }
    const loaded = loadFile(input.path, options.maxFileBytes, parseWith(options.limits));
    if ('file' in loaded) parsed.push(loaded.file);
    else skipped.push({ path: input.path, settings: resolveSettings('', configs.forFile(input.path), options.host, options.cliTier), findings: [], skipped: loaded.skipped, notChecked: [] });
  }
  const index = WorkspaceIndex.of(parsed);
  for (const file of kustomizationsAround(parsed, options)) index.set(file);
  const reports = parsed.map((file): FileReport => {
    const settings = resolveSettings(file.text, configs.forFile(file.path), options.host, options.cliTier);
    const notChecked = notCheckedParts(file, notCheckedOptions(file.path));
    return { path: file.path, settings, findings: lintFile(file, { settings, index, rules: options.rules }), notChecked };
  });
  return [...reports, ...skipped];
}

function parseWith(limits: ParseLimits | undefined): (filePath: string, text: string) => ParsedFile {
  return (filePath, text) => parseText(filePath, text, limits);
}

/**
 * Kustomizations the inputs do not include but that decide their namespaces:
 * the one in each input's folder and in the parent folders above it, as long
 * as every folder on the way has one (`kubetier lint app/deploy.yaml` still
 * sees `app/kustomization.yaml`). They are indexed, not linted.
 */
function kustomizationsAround(parsed: readonly ParsedFile[], options: ProjectOptions): ParsedFile[] {
  const known = new Set(parsed.map((file) => path.resolve(file.path)));
  const found: ParsedFile[] = [];
  const visited = new Set<string>();
  for (const file of parsed) {
    let dir = path.dirname(path.resolve(file.path));
    while (!visited.has(dir)) {
      visited.add(dir);
      const name = [...KUSTOMIZATION_FILE_NAMES].find((candidate) => fs.existsSync(path.join(dir, candidate)));
      if (!name) break;
      const kustomizationPath = path.join(dir, name);
      if (!known.has(kustomizationPath)) {
        const loaded = loadFile(kustomizationPath, options.maxFileBytes, parseWith(options.limits));
        if ('file' in loaded) found.push(loaded.file);
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return found;
}
