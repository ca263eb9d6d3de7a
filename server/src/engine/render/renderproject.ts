import * as path from 'path';
import { readKustomization } from '../workspace/kustomize';
import type { ParsedFile } from '../yaml/model';
import { interpretRender, renderErrorMessage, type RenderError, type RenderOutcome } from './interpret';
import type { RenderGroup } from './lintrendered';
import { cleanupJob, planRenders, prepareJob, type RenderJob, type RenderOptions, type RenderTarget } from './plan';
import type { ToolCommand, ToolResult } from './runner';

/**
 * Render outcomes by content hash of their inputs: an unchanged chart or overlay is never rendered
 * (nor its output parsed) twice.
 */
export class RenderCache {
  private readonly outcomes = new Map<string, RenderOutcome>();

  constructor(private readonly capacity = 64) {}

  /** The outcome for this key, its files bound to this job's target (a new plan makes new targets). */
  get(job: RenderJob): RenderOutcome | undefined {
    const outcome = this.outcomes.get(job.cacheKey);
    if (!outcome) return undefined;
    // Most recently used last, so the oldest goes first when full.
    this.outcomes.delete(job.cacheKey);
    this.outcomes.set(job.cacheKey, outcome);
    return outcome.status === 'rendered' ? { status: 'rendered', files: outcome.files.map((file) => ({ ...file, target: job.target, valueSet: job.valueSet })) } : outcome;
  }

  set(job: RenderJob, outcome: RenderOutcome): void {
    // A timeout or a missing binary says nothing about the inputs: it is tried again next time.
    if (outcome.status === 'not-rendered') return;
    this.outcomes.set(job.cacheKey, outcome);
    while (this.outcomes.size > this.capacity) this.outcomes.delete(this.outcomes.keys().next().value!);
  }
}

/** Everything the renders of a workspace gave, ready to lint. */
export interface ProjectRender {
  groups: RenderGroup[];
  /** The first value set of each chart and every overlay: what the rest of the workspace is linted against. */
  primary: Set<RenderGroup>;
  /** Files whose objects the renders stand for: they are not linted on their own. */
  consumed: Set<string>;
  errors: RenderError[];
  /** Files not checked because their chart or overlay did not render, with why (absolute path -> reason). */
  notChecked: Map<string, string>;
  /** Equal signatures, equal renders: the binaries, arguments and contents of every input, and whether it ran. */
  signature: string;
}

export function untrustedReason(target: RenderTarget): string {
  return `${target.label} not rendered: rendering runs ${target.tool === 'helm' ? 'helm' : 'kubectl kustomize'}, which kubetier does only in a trusted workspace`;
}

/** What a job gives without running anything: refused (untrusted), no binary, or already in the cache. */
function withoutRunning(job: RenderJob, options: RenderOptions, cache: RenderCache): RenderOutcome | undefined {
  if (!options.trusted) return { status: 'not-rendered', reason: untrustedReason(job.target) };
  if (!job.command) return interpretRender(job, { status: 'missing' }, options);
  return cache.get(job);
}

/** Runs a job's tool (in its temporary wrapper for kustomize) and reads what it printed. */
function finishJob(job: RenderJob, result: ToolResult, options: RenderOptions, cache: RenderCache): RenderOutcome {
  const outcome = interpretRender(job, result, options);
  cache.set(job, outcome);
  return outcome;
}

/** Renders every chart and top-level overlay of the files, one tool run at a time (the CLI). */
export function renderProject(
  files: readonly ParsedFile[],
  kustomizationFiles: readonly ParsedFile[],
  options: RenderOptions,
  runCommand: (command: ToolCommand) => ToolResult,
  cache: RenderCache,
): ProjectRender {
  const jobs = planRenders(files, kustomizationFiles, options);
  const outcomes = jobs.map((job): RenderOutcome => {
    const known = withoutRunning(job, options, cache);
    if (known) return known;
    prepareJob(job);
    try {
      return finishJob(job, runCommand(job.command!), options, cache);
    } finally {
      cleanupJob(job);
    }
  });
  return collectRenders(jobs, outcomes, files, kustomizationFiles);
}

/** The same, with the tools run as child processes the caller awaits (the server stays responsive), several at once. */
export async function renderProjectAsync(
  files: readonly ParsedFile[],
  kustomizationFiles: readonly ParsedFile[],
  options: RenderOptions,
  runCommand: (command: ToolCommand) => Promise<ToolResult>,
  cache: RenderCache,
): Promise<ProjectRender> {
  const jobs = planRenders(files, kustomizationFiles, options);
  const outcomes: RenderOutcome[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const job = jobs[i];
      const known = withoutRunning(job, options, cache);
      if (known) {
        outcomes[i] = known;
        continue;
      }
      prepareJob(job);
      try {
        outcomes[i] = finishJob(job, await runCommand(job.command!), options, cache);
      } finally {
        cleanupJob(job);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_RENDERS, jobs.length) }, worker));
  return collectRenders(jobs, outcomes, files, kustomizationFiles);
}

/** Tool runs at once: a helm or kubectl run is mostly process start and file reads (about 0.1 s of CPU), so they overlap well even on two cores; four keeps a workspace of many charts from flooding the machine. */
const PARALLEL_RENDERS = 4;

/** Sorts outcomes into groups to lint, files they stand for, errors and reasons. */
export function collectRenders(jobs: readonly RenderJob[], outcomes: readonly RenderOutcome[], files: readonly ParsedFile[], kustomizationFiles: readonly ParsedFile[]): ProjectRender {
  const signature = jobs.map((job, i) => `${job.cacheKey}:${outcomes[i].status}`).join('|');
  const render: ProjectRender = { groups: [], primary: new Set(), consumed: new Set(), errors: [], notChecked: new Map(), signature };
  const targets = new Map<RenderTarget, { rendered: boolean; reasons: string[]; errored: boolean }>();
  const primarySources = new Set<string>();
  jobs.forEach((job, i) => {
    const outcome = outcomes[i];
    const state = targets.get(job.target) ?? { rendered: false, reasons: [], errored: false };
    targets.set(job.target, state);
    if (outcome.status === 'rendered') {
      const group: RenderGroup = { files: outcome.files };
      // One deployment of each thing at a time: value sets of a chart, or overlays of one base, are alternatives.
      const sources = groupSources(group);
      if (!state.rendered && !sources.some((source) => primarySources.has(source))) {
        render.primary.add(group);
        for (const source of sources) primarySources.add(source);
      }
      state.rendered = true;
      render.groups.push(group);
    } else if (outcome.status === 'error') {
      render.errors.push(outcome.error);
      state.reasons.push(renderErrorMessage(outcome.error, outcome.error.valueSet ? [outcome.error.valueSet] : []));
      state.errored = true;
    } else {
      state.reasons.push(outcome.reason);
    }
  });
  const kustomizations = new Map(kustomizationFiles.map((file) => [path.resolve(file.path), file]));
  for (const [target, state] of targets) {
    const inputs = targetInputs(target, files, render.groups, kustomizations);
    if (state.rendered) {
      for (const file of inputs) render.consumed.add(file);
    } else {
      const reason = [...new Set(state.reasons)].join('; ');
      // A build error is a finding of its own at the anchor; a missing binary or a timeout is said here.
      if (!state.errored) render.notChecked.set(target.anchor, reason);
      for (const file of inputs) render.notChecked.set(file, reason);
    }
  }
  return render;
}

/** The template and resource files a group's objects come from. */
export function groupSources(group: RenderGroup): string[] {
  return [...new Set(group.files.flatMap((file) => (file.source ? [file.source] : [])))];
}

/** The files a target's renders stand for: a chart's templates; an overlay's resources and patches. */
function targetInputs(target: RenderTarget, files: readonly ParsedFile[], groups: readonly RenderGroup[], kustomizations: ReadonlyMap<string, ParsedFile>): string[] {
  if (target.tool === 'helm') {
    const inside = target.dir + path.sep;
    return files.filter((file) => file.isHelmTemplate && path.resolve(file.path).startsWith(inside)).map((file) => path.resolve(file.path));
  }
  const inputs = new Set<string>();
  for (const group of groups) {
    for (const file of group.files) {
      if (file.target !== target) continue;
      if (file.source && !kustomizations.has(file.source)) inputs.add(file.source);
      for (const kustomizationPath of file.transformedBy) {
        const kustomization = kustomizations.get(kustomizationPath);
        for (const patch of (kustomization && readKustomization(kustomization)?.patchFiles) ?? []) inputs.add(patch);
      }
    }
  }
  return [...inputs];
}
