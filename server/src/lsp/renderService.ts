// Renders the workspace's charts and overlays in the background (on start, on save, on trust), with
// progress, and keeps what the renders say per file for the lint pipeline to publish: the findings of
// rendered objects at their template, resource, patch and values lines, and why anything was not rendered.
import * as path from 'path';
import type { Connection } from 'vscode-languageserver';
import { resolveSettings, type LoadedConfig } from '../engine/lint/config';
import type { Finding } from '../engine/lint/lint';
import type { Rule } from '../engine/lint/rule';
import { deployedWorkspace } from '../engine/render/deployed';
import type { Range } from '../engine/types';
import { renderedFindings, type RenderedLintOptions } from '../engine/render/lintrendered';
import { DEFAULT_MAX_RENDERED_OBJECTS, type RenderOptions } from '../engine/render/plan';
import { RenderCache, renderProjectAsync, type ProjectRender } from '../engine/render/renderproject';
import { DEFAULT_MAX_RENDER_OUTPUT_BYTES, DEFAULT_RENDER_TIMEOUT_MS, runTool } from '../engine/render/runner';
import { loadFile, type ConfigCache } from '../engine/workspace/disk';
import { isKustomizationPath } from '../engine/workspace/kustomize';
import { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ParsedFile } from '../engine/yaml/model';
import type { KubetierSettings } from '../protocol';
import { toHostSettings } from './settings';

/** Saves come in bursts (Save All, a formatter on save): one render after they settle. */
const RENDER_DELAY_MS = 300;

export interface RenderServiceHost {
  connection: Connection;
  index: WorkspaceIndex;
  configs: ConfigCache;
  rules: readonly Rule[];
  folders(): readonly string[];
  /** The `kubetier.*` settings of the first workspace folder (binaries, timeout). */
  settings(): Promise<KubetierSettings>;
  trusted(): boolean;
  /** Lint these open files again: what the renders say about them changed. */
  relint(filePaths: ReadonlySet<string>): void;
  /** What is deployed changed (the checklist and readiness view recompute). */
  deployedChanged(): void;
}

interface RenderState {
  render?: ProjectRender;
  findings: Map<string, Finding[]>;
  /** The render's signature, the index generation and the settings the findings were computed with. */
  key?: string;
}

const EMPTY: RenderState = { findings: new Map() };

/** The index with renders in place of the files they stand for, and the indexed files it was last synced with. */
interface DeployedMirror {
  render: ProjectRender;
  files: Map<string, ParsedFile>;
  index: WorkspaceIndex;
  generation: number;
}

export class RenderService {
  private state: RenderState = EMPTY;
  private readonly cache = new RenderCache();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private mirror: DeployedMirror | undefined;

  constructor(private readonly host: RenderServiceHost) {}

  /** The workspace is indexed: render it for the first time. */
  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /** A file was saved, changed on disk or trust was granted: render again (the cache skips what did not change). */
  schedule(delay = RENDER_DELAY_MS): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.renderNow(), delay);
  }

  /** The rendered objects' findings that belong to this file (its templates, resources, patches, values). */
  findingsFor(filePath: string): Finding[] {
    return this.state.findings.get(filePath) ?? [];
  }

  /** Whether a render stands for this file's objects: its own lint is replaced by the rendered findings. */
  standsFor(filePath: string): boolean {
    return this.state.render?.consumed.has(filePath) ?? false;
  }

  /** The latest renders (the resource map shows their objects), if any ran. */
  latest(): ProjectRender | undefined {
    return this.state.render;
  }

  /** Why this file's chart or overlay did not render, if it did not. */
  notRenderedReason(filePath: string): string | undefined {
    return this.state.render?.notChecked.get(filePath);
  }

  /** Resolves once the render in progress (if any) and one scheduled after it are done: for tests and shutdown. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async renderNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.renderOnce().catch((error: unknown) => this.host.connection.console.error(`kubetier: rendering failed: ${String(error)}`));
    await this.running;
    this.running = undefined;
    if (this.again) {
      this.again = false;
      await this.renderNow();
    }
  }

  private async renderOnce(): Promise<void> {
    // Charts and overlays are folders on disk: a window with no workspace folder has none to render.
    if (this.host.folders().length === 0) return;
    const settings = await this.host.settings();
    const files = [...this.host.index.allFiles()];
    const kustomizations = files.filter((file) => isKustomizationPath(file.path));
    const hasTargets = files.some((file) => path.basename(file.path) === 'Chart.yaml') || kustomizations.length > 0;
    if (!hasTargets || settings.render?.enable === false) return this.replace(EMPTY);
    const progress = await this.host.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('kubetier: rendering charts and overlays', undefined, undefined, false);
    try {
      const render = await renderProjectAsync(files, kustomizations, this.options(settings), runTool, this.cache);
      // A save that changed no input (and nothing else in the workspace): nothing to lint or publish again.
      const key = `${render.signature}\0${this.host.index.generation}\0${JSON.stringify(settings)}`;
      if (key === this.state.key) return;
      this.replace({ render, findings: this.lint(render, files, settings), key });
    } finally {
      progress?.done();
    }
  }

  private options(settings: KubetierSettings): RenderOptions {
    const timeout = settings.render?.timeout;
    return {
      helmPath: settings.helm?.path || undefined,
      kubectlPath: settings.kubectl?.path || undefined,
      kustomizePath: settings.kustomize?.path || undefined,
      workspaceRoots: this.host.folders(),
      trusted: this.host.trusted(),
      timeoutMs: typeof timeout === 'number' && timeout > 0 ? Math.round(timeout * 1000) : DEFAULT_RENDER_TIMEOUT_MS,
      maxOutputBytes: DEFAULT_MAX_RENDER_OUTPUT_BYTES,
      maxObjects: DEFAULT_MAX_RENDERED_OBJECTS,
      folderSettings: (dir) => {
        const config = this.configFor(dir);
        return { kubernetesVersion: resolveSettings('', config, toHostSettings(settings, false)).kubernetesVersion, helm: config?.config.helm };
      },
    };
  }

  private configFor(dir: string): LoadedConfig | undefined {
    return this.host.configs.forFile(path.join(dir, 'Chart.yaml'));
  }

  /** Lints the renders against the workspace with the files they stand for replaced by what they render. */
  private lint(render: ProjectRender, files: readonly ParsedFile[], settings: KubetierSettings): Map<string, Finding[]> {
    const readers = this.readers();
    return renderedFindings(render, {
      rules: this.host.rules,
      index: WorkspaceIndex.of(deployedWorkspace(files, render, readers).files),
      settingsFor: (target) => resolveSettings('', this.host.configs.forFile(target.anchor), toHostSettings(settings, false)),
      ...readers,
      displayRoot: this.host.folders()[0] ?? path.dirname(files[0]?.path ?? '/'),
    });
  }

  /**
   * The workspace as deployed now: the indexed files with renders in place of what they stand for. Plain
   * files are linted against it and the checklist reads it. Without renders it is the index itself; with
   * them, a mirror of the index kept in step file by file (an edit re-indexes one file), so the
   * incremental lint of open documents keeps working.
   */
  deployedIndex(): WorkspaceIndex {
    const render = this.state.render;
    if (!render || (render.primary.size === 0 && render.consumed.size === 0)) return this.host.index;
    if (this.mirror?.render !== render) {
      const files = new Map([...this.host.index.allFiles()].filter((file) => !render.consumed.has(file.path)).map((file) => [file.path, file]));
      const rendered = [...render.primary].flatMap((group) => group.files.map((file) => file.parsed));
      this.mirror = { render, files, index: WorkspaceIndex.of([...files.values(), ...rendered]), generation: this.host.index.generation };
    } else if (this.mirror.generation !== this.host.index.generation) {
      this.syncMirror(this.mirror);
    }
    return this.mirror.index;
  }

  /** Where evidence in a rendered object is in the user's files. */
  sourceOf(filePath: string, range: Range): { path: string; range: Range } {
    const render = this.state.render;
    return render ? deployedWorkspace([], render, this.readers()).sourceOf(filePath, range) : { path: filePath, range };
  }

  private syncMirror(mirror: DeployedMirror): void {
    const present = new Set<string>();
    for (const file of this.host.index.allFiles()) {
      if (mirror.render.consumed.has(file.path)) continue;
      present.add(file.path);
      if (mirror.files.get(file.path) === file) continue;
      mirror.files.set(file.path, file);
      mirror.index.set(file);
    }
    for (const filePath of [...mirror.files.keys()]) {
      if (present.has(filePath)) continue;
      mirror.files.delete(filePath);
      mirror.index.delete(filePath);
    }
    mirror.generation = this.host.index.generation;
  }

  /** Editor buffers and indexed files first, else the disk. */
  private readers(): Pick<RenderedLintOptions, 'read' | 'readText'> {
    const read = (filePath: string) => {
      const known = this.host.index.get(filePath);
      if (known) return known;
      const loaded = loadFile(filePath);
      return 'file' in loaded ? loaded.file : undefined;
    };
    return { read, readText: (filePath) => read(filePath)?.text };
  }

  private replace(next: RenderState): void {
    const touched = new Set<string>([...this.pathsOf(this.state), ...this.pathsOf(next)]);
    const deployedChanged = next.render !== this.state.render;
    this.state = next;
    // Plain files are linted against what is deployed (an HPA naming a chart's Deployment): all of them again.
    if (deployedChanged) for (const file of this.host.index.allFiles()) touched.add(file.path);
    if (touched.size > 0) this.host.relint(touched);
    if (deployedChanged) this.host.deployedChanged();
  }

  private pathsOf(state: RenderState): string[] {
    return [...state.findings.keys(), ...(state.render?.consumed ?? []), ...(state.render?.notChecked.keys() ?? [])];
  }
}
