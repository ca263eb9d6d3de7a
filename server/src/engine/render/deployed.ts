// The workspace as it is deployed: what the checklist, the readiness view and cross-file rules of
// plain files look at once charts and overlays are rendered.
import * as path from 'path';
import type { Range } from '../types';
import type { ParsedFile } from '../yaml/model';
import type { RenderedFile } from './interpret';
import { locateRendered, type RenderedLintOptions } from './lintrendered';
import type { ProjectRender } from './renderproject';

export interface DeployedWorkspace {
  /** Files no render stands for, plus the objects the first value set of each chart and every overlay render. */
  files: ParsedFile[];
  /** A place in those files as the user edits it: a rendered object's at its template, resource or patch line. */
  sourceOf(filePath: string, range: Range): { path: string; range: Range };
}

export function deployedWorkspace(files: readonly ParsedFile[], render: ProjectRender | undefined, readers: Pick<RenderedLintOptions, 'read' | 'readText'>): DeployedWorkspace {
  if (!render) return { files: [...files], sourceOf: (filePath, range) => ({ path: filePath, range }) };
  const rendered = new Map<string, RenderedFile>();
  for (const group of render.primary) for (const file of group.files) rendered.set(file.parsed.path, file);
  const own = files.filter((file) => !render.consumed.has(path.resolve(file.path)));
  return {
    files: [...own, ...[...rendered.values()].map((file) => file.parsed)],
    sourceOf: (filePath, range) => {
      const file = rendered.get(filePath);
      if (!file) return { path: filePath, range };
      const where = locateRendered(file, range, readers);
      return { path: where.path, range: where.range };
    },
  };
}
