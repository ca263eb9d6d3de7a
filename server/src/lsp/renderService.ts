// Renders the workspace's charts and overlays in the background (on start, on save, on trust), with
// progress, and keeps what the renders say per file for the lint pipeline to publish: the findings of
// rendered objects at their template, resource, patch and values lines, and why anything was not rendered.
import * as path from 'path';
import type { Connection } from 'vscode-languageserver';
import { resolveSettings, type LoadedConfig } from '../engine/lint/config';
import type { Finding } from '../engine/lint/lint';
import type { Rule } from '../engine/lint/rule';
import { renderedFindings } from '../engine/render/lintrendered';
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
}

interface RenderState {
  render?: ProjectRender;
  findings: Map<string, Finding[]>;
  /** The render's signature, the index generation and the settings the findings were computed with. */
  key?: string;
}

const EMPTY: RenderState = { findings: new Map() };

export class RenderService {
  private state: RenderState = EMPTY;
  private readonly cache = new RenderCache();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;

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
    const own = files.filter((file) => !render.consumed.has(file.path));
    const index = WorkspaceIndex.of([...own, ...[...render.primary].flatMap((group) => group.files.map((file) => file.parsed))]);
    const read = (filePath: string) => {
      const known = this.host.index.get(filePath);
      if (known) return known;
      const loaded = loadFile(filePath);
      return 'file' in loaded ? loaded.file : undefined;
    };
    return renderedFindings(render, {
      rules: this.host.rules,
      index,
      settingsFor: (target) => resolveSettings('', this.host.configs.forFile(target.anchor), toHostSettings(settings, false)),
      read,
      readText: (filePath) => read(filePath)?.text,
      displayRoot: this.host.folders()[0] ?? path.dirname(files[0]?.path ?? '/'),
    });
  }

  private replace(next: RenderState): void {
    const touched = new Set<string>([...this.pathsOf(this.state), ...this.pathsOf(next)]);
    this.state = next;
    if (touched.size > 0) this.host.relint(touched);
  }

  private pathsOf(state: RenderState): string[] {
    return [...state.findings.keys(), ...(state.render?.consumed ?? []), ...(state.render?.notChecked.keys() ?? [])];
  }
}
