import * as path from 'path';
import { collectFiles, ConfigCache, isYamlPath, loadFile, readTextIfExists } from '../engine/workspace/disk';
import type { ParsedFile } from '../engine/yaml/model';
import { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ChecklistWorkspace } from './item';

/** Non-YAML files some checklist items read: READMEs and the Kubebuilder PROJECT file. */
export function isChecklistDocument(baseName: string): boolean {
  return /^readme.*\.md$/i.test(baseName) || baseName === 'PROJECT';
}

/** Builds a checklist workspace from files and folders on disk (the CLI's view of a workspace). */
export function loadChecklistWorkspace(paths: readonly string[], configs = new ConfigCache()): { workspace: ChecklistWorkspace & { index: WorkspaceIndex }; errors: string[] } {
  const collected = collectFiles(paths, configs, (name) => isYamlPath(name) || isChecklistDocument(name));
  const parsed: ParsedFile[] = [];
  for (const file of collected.files.filter((file) => isYamlPath(file))) {
    const loaded = loadFile(file);
    if ('file' in loaded) parsed.push(loaded.file);
  }
  return {
    workspace: {
      index: WorkspaceIndex.of(parsed),
      otherFiles: collected.files.filter((file) => isChecklistDocument(path.basename(file))),
      readText: readTextIfExists,
    },
    errors: collected.errors,
  };
}
