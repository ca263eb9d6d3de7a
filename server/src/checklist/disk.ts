import * as path from 'path';
import { collectFiles, ConfigCache, isYamlPath, loadFile, readTextIfExists } from '../engine/workspace/disk';
import type { ParsedFile } from '../engine/yaml/model';
import { WorkspaceIndex } from '../engine/workspace/workspace';
import { deployedWorkspace } from '../engine/render/deployed';
import { fileReaders, renderWorkspace, type ProjectRenderOptions } from '../engine/workspace/project';
import type { ChecklistWorkspace } from './item';

/** Non-YAML files some checklist items read: READMEs and the Kubebuilder PROJECT file. */
export function isChecklistDocument(baseName: string): boolean {
  return /^readme.*\.md$/i.test(baseName) || baseName === 'PROJECT';
}

/** The waivers of the `.kubetier.yaml` files governing `files`: item id to "reason (config path)". */
export function checklistWaivers(files: Iterable<string>, configs: ConfigCache): Map<string, string> {
  const waived = new Map<string, string>();
  for (const file of files) {
    const config = configs.forFile(file);
    for (const [id, reason] of Object.entries(config?.config.checklistWaived ?? {})) waived.set(id, `${reason} (${config!.path})`);
  }
  return waived;
}

/**
 * Builds a checklist workspace from files and folders on disk (the CLI's view of a workspace); with
 * `render`, charts and overlays count as what they render, their evidence at the lines that write it.
 */
export function loadChecklistWorkspace(paths: readonly string[], configs = new ConfigCache(), render?: ProjectRenderOptions): { workspace: ChecklistWorkspace & { index: WorkspaceIndex }; errors: string[] } {
  const collected = collectFiles(paths, configs, (name) => isYamlPath(name) || isChecklistDocument(name));
  const parsed: ParsedFile[] = [];
  for (const file of collected.files.filter((file) => isYamlPath(file))) {
    const loaded = loadFile(file);
    if ('file' in loaded) parsed.push(loaded.file);
  }
  const rendered = render && renderWorkspace(parsed, { host: {}, render }, configs);
  const deployed = deployedWorkspace(parsed, rendered, fileReaders({}));
  return {
    workspace: {
      index: WorkspaceIndex.of(deployed.files),
      sourceOf: deployed.sourceOf,
      otherFiles: collected.files.filter((file) => isChecklistDocument(path.basename(file))),
      readText: readTextIfExists,
      waived: checklistWaivers(collected.files, configs),
    },
    errors: collected.errors,
  };
}
