import * as path from 'path';
import { CONFIG_FILE_NAME, isIgnoredBy } from '../engine/lint/config';
import type { ConfigCache } from '../engine/workspace/disk';

/**
 * A project is what the checklist and readiness score: a folder holding `.kubetier.yaml`, else a
 * workspace folder. A file belongs to the deepest project above it, so a nested project's files
 * never count for the folder that contains it.
 */
export interface Project {
  root: string;
  /** The root relative to its workspace folder, prefixed with the folder's name ("infra/apps/web"). */
  name: string;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The workspace folders, then each folder under them holding one of `configFiles` (`.kubetier.yaml` paths), each once. */
export function findProjects(folders: readonly string[], configFiles: readonly string[]): Project[] {
  const roots = folders.map((folder) => path.resolve(folder));
  const projects = new Map<string, Project>();
  for (const folder of roots) projects.set(folder, { root: folder, name: path.basename(folder) });
  for (const file of configFiles.filter((candidate) => path.basename(candidate) === CONFIG_FILE_NAME)) {
    const root = path.dirname(path.resolve(file));
    const folder = roots.find((candidate) => isInside(root, candidate));
    if (folder && !projects.has(root)) projects.set(root, { root, name: path.join(path.basename(folder), path.relative(folder, root)).split(path.sep).join('/') });
  }
  return [...projects.values()];
}

/** The deepest project whose root holds the file, if any. */
export function projectOf(file: string, projects: readonly Project[]): Project | undefined {
  const resolved = path.resolve(file);
  let best: Project | undefined;
  for (const project of projects) {
    if (isInside(resolved, project.root) && (!best || project.root.length > best.root.length)) best = project;
  }
  return best;
}

/** Whether a file counts for a project: it belongs to no deeper project and its `.kubetier.yaml` does not ignore it. */
export function countsFor(file: string, project: Project, projects: readonly Project[], configs: ConfigCache): boolean {
  return projectOf(file, projects)?.root === project.root && !isIgnoredBy(configs.forFile(file), file);
}
