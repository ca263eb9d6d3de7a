// What the renders of charts and overlays add to one file's lint: shared by the open-document pipeline
// (push) and the workspace diagnostics (pull), so an open and a closed file show the same problems.
import * as fs from 'node:fs';
import { compareFindings, type Finding } from '../engine/lint/lint';
import { FILE_START, notCheckedParts, type NotChecked } from '../engine/lint/notchecked';
import { notCheckedOptions } from '../engine/workspace/disk';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ParsedFile } from '../engine/yaml/model';

/** The renders' view of one file. */
export interface RenderedView {
  standsFor(filePath: string): boolean;
  /** The workspace as deployed (renders in place of the templates and overlay files they stand for): what plain files are linted against. */
  deployedIndex(): WorkspaceIndex;
  findingsFor(filePath: string): Finding[];
  notRenderedReason(filePath: string): string | undefined;
}

/**
 * A file a render stands for (a chart template, an overlay's resource or patch) shows what was rendered
 * from it instead of its own lint; others (values files, kustomizations) show both. Renders read the
 * disk, so an overlay's resource edited and not yet saved shows its own lint until it is saved.
 */
export function withRenderedFindings(file: ParsedFile, findings: Finding[], renders: RenderedView): Finding[] {
  const rendered = renders.findingsFor(file.path);
  if (renders.standsFor(file.path)) {
    return file.isHelmTemplate || isSaved(file) ? [...rendered].sort(compareFindings) : findings;
  }
  return rendered.length === 0 ? findings : [...findings, ...rendered].sort(compareFindings);
}

/** The index a file is linted against: its own for a file a render stands for, what is deployed for the others. */
export function lintIndexFor(file: ParsedFile, index: WorkspaceIndex, renders: RenderedView): WorkspaceIndex {
  return renders.standsFor(file.path) ? index : renders.deployedIndex();
}

/** The parts of a file kubetier does not check (templated, not rendered), with their reasons. */
export function notCheckedWithRenders(file: ParsedFile, renders: RenderedView): NotChecked[] {
  if (renders.standsFor(file.path)) return [];
  const reason = renders.notRenderedReason(file.path);
  const parts = notCheckedParts(file, { ...notCheckedOptions(file.path), ...(reason ? { templateReason: reason } : {}) });
  return reason && !file.isHelmTemplate ? [...parts, { reason, range: FILE_START }] : parts;
}

function isSaved(file: ParsedFile): boolean {
  try {
    return fs.readFileSync(file.path, 'utf8') === file.text;
  } catch {
    return false;
  }
}
