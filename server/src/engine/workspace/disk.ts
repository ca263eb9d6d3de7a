import * as fs from 'fs';
import * as path from 'path';
import { visit } from 'yaml';
import { isKustomizationPath } from './kustomize';
import { LOOSE_TEMPLATE_REASON, type NotCheckedOptions } from '../lint/notchecked';
import { CONFIG_FILE_NAME, findConfig, isIgnoredBy, type LoadedConfig } from '../lint/config';
import { chartOfTemplate, parseFile, reparseFile, type ParseLimits, type ParsedFile } from '../yaml/model';

/** Folders never read: tool state and dependencies, not manifests. */
export const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.hg', '.svn']);
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export function isYamlPath(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/** Finds configs once per folder; `.kubetier.yaml` files are small and rarely change during a run. */
export class ConfigCache {
  private readonly byFile = new Map<string, LoadedConfig | undefined>();

  /** `reservedIds`: the built-in rule ids, which custom rules may not take. */
  constructor(
    private readonly readFile: (file: string) => string | undefined = readTextIfExists,
    private readonly reservedIds?: ReadonlySet<string>,
  ) {}

  forFile(filePath: string): LoadedConfig | undefined {
    const dir = path.dirname(path.resolve(filePath));
    if (!this.byFile.has(dir)) this.byFile.set(dir, findConfig(filePath, this.readFile, this.reservedIds));
    return this.byFile.get(dir);
  }

  /** What is wrong in the configs read so far, once per config file, as `path: problem`. */
  problems(): string[] {
    const configs = new Set([...this.byFile.values()].filter((config): config is LoadedConfig => config !== undefined));
    return [...configs].flatMap((config) => config.problems.map((problem) => `${config.path}: ${problem}`));
  }

  clear(): void {
    this.byFile.clear();
  }
}

export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export interface CollectResult {
  files: string[];
  /** Paths that do not exist or cannot be read. */
  errors: string[];
}

/**
 * Expands files and folders into the files `accept` takes by base name:
 * folders recursively, skipping SKIPPED_FOLDERS and files a `.kubetier.yaml`
 * ignores. A file named explicitly is always taken.
 */
export function collectFiles(paths: readonly string[], configs: ConfigCache, accept: (baseName: string) => boolean, maxEntries = Infinity): CollectResult {
  const files: string[] = [];
  const errors: string[] = [];
  let entriesSeen = 0;
  const walk = (dir: string) => {
    if (entriesSeen > maxEntries) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push(`${dir}: ${(error as Error).message}`);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    entriesSeen += entries.length;
    if (entriesSeen > maxEntries) {
      errors.push(`${dir}: not read, past ${maxEntries} folder entries`);
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (entry.isFile() && accept(entry.name) && !isIgnoredBy(configs.forFile(full), full)) {
        files.push(full);
      }
    }
  };
  for (const input of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      errors.push(`${input}: no such file or folder`);
      continue;
    }
    if (stat.isDirectory()) walk(input);
    else files.push(input);
  }
  return { files, errors };
}

/** YAML files (*.yaml, *.yml) under the given files and folders. */
export function collectYamlFiles(paths: readonly string[], configs: ConfigCache, maxEntries?: number): CollectResult {
  // .kubetier.yaml configures the lint; it is not a manifest to lint.
  return collectFiles(paths, configs, (name) => isYamlPath(name) && name !== CONFIG_FILE_NAME, maxEntries);
}

/** A `policies:` folder is a folder of policies, not a disk: `policies: [/]` must not walk the machine. */
export const MAX_POLICY_FOLDER_ENTRIES = 20000;

/**
 * The YAML files of `extraFolders` and of the `policies:` folders (relative to their config's folder) that
 * the configs of `filePaths` name: the admission and Kyverno policies in them apply to those files.
 */
export function policyFolderFiles(filePaths: Iterable<string>, configs: ConfigCache, extraFolders: readonly string[] = []): CollectResult {
  const folders = new Set(extraFolders);
  const configPaths = new Set<string>();
  for (const filePath of filePaths) {
    const config = configs.forFile(filePath);
    if (!config || configPaths.has(config.path)) continue;
    configPaths.add(config.path);
    for (const folder of config.config.policies ?? []) folders.add(path.resolve(path.dirname(config.path), folder));
  }
  return collectYamlFiles([...folders], configs, MAX_POLICY_FOLDER_ENTRIES);
}

export type LoadResult = { file: ParsedFile } | { skipped: string };

/** YAML has no NUL character: one near the start (the first 8 KiB) means binary content, read or open. */
export function looksBinary(content: Uint8Array | string): boolean {
  return typeof content === 'string' ? content.slice(0, 8192).includes('\0') : content.subarray(0, 8192).includes(0);
}

/** Text that is not a manifest. */
export function binaryReason(bytes: Uint8Array): string | undefined {
  return looksBinary(bytes) ? 'binary file (NUL byte)' : undefined;
}

/** The chart folder whose templates/ holds this file, if any. */
export function chartFolderOf(filePath: string): string | undefined {
  return chartOfTemplate(filePath, (dir) => fs.existsSync(path.join(dir, 'Chart.yaml')));
}

/** Helm values by their conventional names: `values*.yaml`, or any YAML in a `values/` folder. */
function isHelmValuesPath(filePath: string): boolean {
  return /^values([-.].*)?\.ya?ml$/i.test(path.basename(filePath)) || path.basename(path.dirname(filePath)) === 'values';
}

/**
 * A file a tool reads rather than a manifest: a kustomization, Helm values, or a chart's own files
 * outside its templates/ (Chart.yaml, ci/ values). Its documents are not expected to be objects.
 */
export function isToolInputPath(filePath: string): boolean {
  if (isKustomizationPath(filePath) || isHelmValuesPath(filePath)) return true;
  if (chartFolderOf(filePath) !== undefined) return false;
  for (let dir = path.dirname(path.resolve(filePath)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'Chart.yaml'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** How to tell what of this file is not checked: whether it is a tool input, and why its template is not read. */
export function notCheckedOptions(filePath: string): NotCheckedOptions {
  return {
    isToolInput: () => isToolInputPath(filePath),
    templateReason: chartFolderOf(filePath) === undefined ? LOOSE_TEMPLATE_REASON : undefined,
  };
}

/** Reads and parses one file; large and binary files are skipped with a reason, never thrown. */
export function loadFile(filePath: string, maxBytes = DEFAULT_MAX_FILE_BYTES, parse: (filePath: string, text: string) => ParsedFile = parseText): LoadResult {
  let bytes: Buffer;
  try {
    const size = fs.statSync(filePath).size;
    if (size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB (${size} bytes)` };
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    return { skipped: `cannot read: ${(error as Error).message}` };
  }
  const binary = binaryReason(bytes);
  if (binary) return { skipped: binary };
  return { file: parse(filePath, bytes.toString('utf8')) };
}

/**
 * Parses the text of a file from disk or an editor buffer (the parser accepts a UTF-8 BOM). A file is
 * a Helm template when it lies in a chart's templates/, or when template actions are what keeps its
 * text from parsing: `"{{ $labels.instance }} is down"` in a PrometheusRule is a string, not a template.
 */
export function parseText(filePath: string, text: string, limits?: ParseLimits): ParsedFile {
  if (chartFolderOf(filePath) !== undefined) return parseFile(filePath, text, { isHelmTemplate: true, limits });
  return templateIfActionsBreakIt(parseFile(filePath, text, { limits }), limits);
}

/** A flow map whose text starts with `{{`: only an unquoted template action parses that way. */
function hasUnquotedAction(file: ParsedFile): boolean {
  let found = false;
  for (const document of file.documents) {
    visit(document.ast, {
      Map(_key, node) {
        if (node.flow && node.range && file.text.startsWith('{{', node.range[0])) {
          found = true;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (found) return true;
  }
  return false;
}

/** parseText of an edited version of `previous`, re-parsing only the documents the edit touched. */
export function reparseText(previous: ParsedFile, text: string, limits?: ParseLimits): ParsedFile {
  if (chartFolderOf(previous.path) !== undefined) return parseFile(previous.path, text, { isHelmTemplate: true, limits });
  return templateIfActionsBreakIt(reparseFile(previous, text, { limits }), limits);
}

/**
 * The file read as a Helm template when its `{{ }}` actions are not YAML strings: blanking them
 * removes syntax errors, or one stands unquoted where YAML reads it as a map in a map
 * (`name: {{ .Release.Name }}`), which no manifest means. Else the file.
 */
function templateIfActionsBreakIt(file: ParsedFile, limits: ParseLimits | undefined): ParsedFile {
  if (!file.text.includes('{{')) return file;
  if (file.problems.length === 0) return hasUnquotedAction(file) ? parseFile(file.path, file.text, { isHelmTemplate: true, limits }) : file;
  const template = parseFile(file.path, file.text, { isHelmTemplate: true, limits });
  const left = template.documents.reduce((count, document) => count + document.problems.length, 0);
  return left < file.problems.length ? template : file;
}
