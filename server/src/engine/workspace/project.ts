import { resolveSettings, type HostSettings, type ResolvedSettings } from '../lint/config';
import * as fs from 'fs';
import * as path from 'path';
import { chartFolderOf, ConfigCache, loadFile, notCheckedOptions, parseText, policyFolderFiles } from './disk';
import { FILE_START, notCheckedParts, type NotChecked } from '../lint/notchecked';
import { deployedWorkspace } from '../render/deployed';
import { renderedFindings, type RenderedLintOptions } from '../render/lintrendered';
import { DEFAULT_MAX_RENDERED_OBJECTS, type RenderOptions } from '../render/plan';
import { RenderCache, renderProject, type ProjectRender } from '../render/renderproject';
import { DEFAULT_MAX_RENDER_OUTPUT_BYTES, DEFAULT_RENDER_TIMEOUT_MS, runToolSync } from '../render/runner';
import { isKustomizationPath, KUSTOMIZATION_FILE_NAMES } from './kustomize';
import { compareFindings, lintFile, type Finding } from '../lint/lint';
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
  /** Called before each file is read and before each is linted (the CLI's progress line). */
  onProgress?: (progress: ProjectProgress) => void;
  /** Render charts and overlays and lint what they render; absent: templates are listed as not checked. */
  render?: ProjectRenderOptions;
  /** `--policies DIR`: folders whose policies are evaluated against the inputs (indexed, not linted). */
  policyFolders?: readonly string[];
}

/** What rendering needs of the project options: the Kubernetes version and tier, and how files are read. */
export type RenderHostOptions = Pick<ProjectOptions, 'host' | 'cliTier' | 'maxFileBytes' | 'limits'>;

export interface ProjectProgress {
  phase: 'reading' | 'linting';
  /** Files of this phase finished so far. */
  done: number;
  total: number;
  /** The file the phase works on now. */
  path: string;
}

export interface ProjectRenderOptions {
  helmPath?: string;
  kubectlPath?: string;
  kustomizePath?: string;
  trusted: boolean;
  timeoutMs?: number;
  /** The workspace folders: binaries inside them run only when named explicitly. */
  roots: readonly string[];
  cache?: RenderCache;
}

export interface FileReport {
  path: string;
  settings: ResolvedSettings;
  findings: Finding[];
  /** Why the file was not linted (binary, too large, unreadable). */
  skipped?: string;
  /** Parts of a read file that no rule checks (a Helm template, a document that is not an object), with why. */
  notChecked: NotChecked[];
  /** A chart or overlay render stands for the file's objects (a template, an overlay's resource or patch): its findings are theirs. */
  rendered?: boolean;
}

export interface ProjectInput {
  path: string;
  /** Text already in hand (stdin, an editor buffer); read from disk when absent. */
  text?: string;
}

/** A set of files read as one workspace: parsed, rendered, indexed; not linted yet. */
export interface ProjectWorkspace {
  parsed: ParsedFile[];
  /** Files not read, with why. */
  skipped: FileReport[];
  render?: ProjectRender;
  /** The files (those a render stands for replaced by what it rendered) and the kustomizations around them. */
  index: WorkspaceIndex;
  /** Reads the files renders map back to (templates, resources, patches, values), each once. */
  readers: Pick<RenderedLintOptions, 'read' | 'readText'>;
}

/**
 * Lints a set of files as one workspace: every file is parsed, indexed, then
 * linted with its own resolved settings, so cross-file rules see all of them.
 */
export function lintProject(inputs: readonly ProjectInput[], options: ProjectOptions, configs = new ConfigCache()): FileReport[] {
  return lintWorkspace(loadProject(inputs, options, configs), options, configs);
}

/** Reads, renders and indexes the inputs (`kubetier lint` then lints them, `kubetier graph` maps them). */
export function loadProject(inputs: readonly ProjectInput[], options: ProjectOptions, configs: ConfigCache): ProjectWorkspace {
  const parsed: ParsedFile[] = [];
  const skipped: FileReport[] = [];
  for (const [done, input] of inputs.entries()) {
    options.onProgress?.({ phase: 'reading', done, total: inputs.length, path: input.path });
    if (input.text !== undefined) {
      parsed.push(parseText(input.path, input.text, options.limits));
      continue;
    }
    const loaded = loadFile(input.path, options.maxFileBytes, parseWith(options.limits));
    if ('file' in loaded) parsed.push(loaded.file);
    else skipped.push({ path: input.path, settings: resolveSettings('', configs.forFile(input.path), options.host, options.cliTier), findings: [], skipped: loaded.skipped, notChecked: [] });
  }
  const around = kustomizationsAround(parsed, options);
  const render = options.render ? renderAll(parsed, around, options, options.render, configs) : undefined;
  const readers = fileReaders(options);
  const index = WorkspaceIndex.of(deployedWorkspace(parsed, render, readers).files);
  for (const file of around) index.set(file);
  for (const file of policyFiles(parsed, options, configs)) index.set(file);
  return { parsed, skipped, render, index, readers };
}

/** Lints a loaded workspace: each file with its own settings, rendered objects' findings at their source lines. */
export function lintWorkspace({ parsed, skipped, render, index, readers }: ProjectWorkspace, options: ProjectOptions, configs: ConfigCache): FileReport[] {
  const consumed = render?.consumed ?? new Set<string>();
  const mapped = render ? lintRendered(render, index, options, configs, readers) : new Map<string, Finding[]>();
  const reports = parsed.map((file, done): FileReport => {
    options.onProgress?.({ phase: 'linting', done, total: parsed.length, path: file.path });
    const absolute = path.resolve(file.path);
    const settings = resolveSettings(file.text, configs.forFile(file.path), options.host, options.cliTier);
    if (consumed.has(absolute)) return { path: file.path, settings, findings: takeMapped(mapped, absolute), notChecked: [], rendered: true };
    const notRendered = render?.notChecked.get(absolute);
    const templateReason = chartFolderOf(file.path) ? (notRendered ?? (options.render ? undefined : RENDER_OFF_REASON)) : undefined;
    const notChecked = notCheckedParts(file, { ...notCheckedOptions(file.path), ...(templateReason ? { templateReason } : {}) });
    if (notRendered && !file.isHelmTemplate) notChecked.push({ reason: notRendered, range: FILE_START });
    const findings = [...lintFile(file, { settings, index, rules: options.rules }), ...takeMapped(mapped, absolute)].sort(compareFindings);
    return { path: file.path, settings, findings, notChecked };
  });
  // Values files, bases and patches outside the paths given still get the findings that point at them.
  for (const [filePath, findings] of mapped) {
    reports.push({ path: filePath, settings: resolveSettings('', configs.forFile(filePath), options.host, options.cliTier), findings: findings.sort(compareFindings), notChecked: [] });
  }
  return [...reports, ...skipped];
}

const RENDER_OFF_REASON = 'rendering is off (--render never): its chart or overlay is not rendered, so what it deploys is not checked';

function takeMapped(mapped: Map<string, Finding[]>, filePath: string): Finding[] {
  const findings = mapped.get(filePath) ?? [];
  mapped.delete(filePath);
  return findings.sort(compareFindings);
}

function renderAll(parsed: readonly ParsedFile[], around: readonly ParsedFile[], options: RenderHostOptions, render: ProjectRenderOptions, configs: ConfigCache): ProjectRender {
  const kustomizations = [...parsed, ...around].filter((file) => isKustomizationPath(file.path));
  const renderOptions: RenderOptions = {
    helmPath: render.helmPath,
    kubectlPath: render.kubectlPath,
    kustomizePath: render.kustomizePath,
    workspaceRoots: render.roots,
    trusted: render.trusted,
    timeoutMs: render.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS,
    maxOutputBytes: DEFAULT_MAX_RENDER_OUTPUT_BYTES,
    maxObjects: DEFAULT_MAX_RENDERED_OBJECTS,
    folderSettings: (dir) => {
      const config = configs.forFile(path.join(dir, 'Chart.yaml'));
      return { kubernetesVersion: resolveSettings('', config, options.host, options.cliTier).kubernetesVersion, helm: config?.config.helm };
    },
  };
  return renderProject(parsed, kustomizations, renderOptions, runToolSync, render.cache ?? new RenderCache());
}

/** Renders the charts and overlays among the files, as lint does (the checklist's view of what is deployed). */
export function renderWorkspace(parsed: readonly ParsedFile[], options: RenderHostOptions & { render: ProjectRenderOptions }, configs: ConfigCache): ProjectRender {
  return renderAll(parsed, kustomizationsAround(parsed, options), options, options.render, configs);
}

/** Reads workspace files once each (values files, patches, templates the mapping reads). */
export function fileReaders(options: Pick<ProjectOptions, 'maxFileBytes' | 'limits'>): Pick<RenderedLintOptions, 'read' | 'readText'> {
  const files = new Map<string, ParsedFile | undefined>();
  const read = (filePath: string) => {
    if (!files.has(filePath)) {
      const loaded = loadFile(filePath, options.maxFileBytes, parseWith(options.limits));
      files.set(filePath, 'file' in loaded ? loaded.file : undefined);
    }
    return files.get(filePath);
  };
  return { read, readText: (filePath) => read(filePath)?.text };
}

/** The rendered objects' findings at the lines the user edits, by file; render errors at theirs. */
function lintRendered(render: ProjectRender, index: WorkspaceIndex, options: ProjectOptions, configs: ConfigCache, readers: Pick<RenderedLintOptions, 'read' | 'readText'>): Map<string, Finding[]> {
  return renderedFindings(render, {
    rules: options.rules,
    index,
    settingsFor: (target) => resolveSettings('', configs.forFile(target.anchor), options.host, options.cliTier),
    ...readers,
    displayRoot: options.render?.roots[0] ?? process.cwd(),
  });
}

/**
 * The YAML files of `--policies` folders and of the `policies:` folders of the inputs' configs, not
 * among the inputs: their policies and bindings are evaluated against the inputs.
 */
function policyFiles(parsed: readonly ParsedFile[], options: ProjectOptions, configs: ConfigCache): ParsedFile[] {
  const known = new Set(parsed.map((file) => path.resolve(file.path)));
  const found = policyFolderFiles(parsed.map((file) => file.path), configs, options.policyFolders).files.filter((file) => !known.has(path.resolve(file)));
  return found.flatMap((file) => {
    const loaded = loadFile(file, options.maxFileBytes, parseWith(options.limits));
    return 'file' in loaded ? [loaded.file] : [];
  });
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
function kustomizationsAround(parsed: readonly ParsedFile[], options: RenderHostOptions): ParsedFile[] {
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
