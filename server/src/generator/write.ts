import * as fs from 'fs';
import * as path from 'path';
import type { BundleFile } from './bundle';

/** The target cannot take the bundle; nothing was written. */
export class BundleTargetError extends Error {}

/** Refused because the target holds files and no one confirmed overwriting them. */
export class TargetNotEmptyError extends BundleTargetError {
  constructor(
    readonly target: string,
    readonly conflicts: string[],
  ) {
    super(
      conflicts.length > 0
        ? `${target} already has ${conflicts.length} of the bundle's files (${conflicts.slice(0, 5).join(', ')}${conflicts.length > 5 ? ', ...' : ''}); nothing was written. Pass --force to overwrite them.`
        : `${target} is not empty; nothing was written. Choose an empty folder or pass --force.`,
    );
  }
}

/** Whether anything (a file, a folder, a link even when dangling) is at `entry`. */
function occupied(entry: string): boolean {
  try {
    fs.lstatSync(entry);
    return true;
  } catch {
    return false;
  }
}

/** Bundle files that already exist in the target: what a confirmation must list. */
export function existingFiles(target: string, files: readonly BundleFile[]): string[] {
  return files.filter((file) => occupied(path.join(target, file.path))).map((file) => file.path);
}

/** Where a symbolic link leads, resolved; undefined when it leads nowhere (dangling, a loop). */
function linkDestination(link: string): string | undefined {
  try {
    return fs.realpathSync(link);
  } catch {
    return undefined;
  }
}

/**
 * Symbolic links inside the target, where the bundle needs a folder, that lead out of it: a file moved
 * "into" one would land outside the target. Links at a file's own path are not listed: a rename replaces
 * the link itself, never what it points to.
 */
function linksOutOfTarget(target: string, files: readonly BundleFile[]): string[] {
  const root = linkDestination(target) ?? target;
  const links = new Map<string, string>();
  for (const file of files) {
    let folder = target;
    for (const part of file.path.split('/').slice(0, -1)) {
      folder = path.join(folder, part);
      const stat = fs.lstatSync(folder, { throwIfNoEntry: false });
      if (!stat) break; // nothing there yet: the bundle creates the rest
      if (!stat.isSymbolicLink()) continue;
      const destination = linkDestination(folder);
      if (destination === undefined || !(destination + path.sep).startsWith(root + path.sep)) links.set(path.relative(target, folder), destination ?? 'nowhere');
      break;
    }
  }
  return [...links].map(([link, destination]) => `${link} -> ${destination}`);
}

/** The first existing path from the target up that is not a folder (the bundle cannot go under it). */
function nonFolderOnPath(target: string): string | undefined {
  for (let current = target; ; current = path.dirname(current)) {
    if (fs.existsSync(current)) return fs.statSync(current).isDirectory() ? undefined : current;
    if (path.dirname(current) === current) return undefined;
  }
}

function isEmptyFolder(target: string): boolean {
  try {
    return fs.readdirSync(target).length === 0;
  } catch {
    return true;
  }
}

export interface WriteResult {
  written: string[];
  overwritten: string[];
}

/**
 * Writes a bundle all or nothing: everything goes into a temporary folder next to the target first
 * (same file system, so renames are atomic), then into place. A failure before the move leaves the
 * target untouched; a failure while moving into an existing folder puts back what was there (the files
 * it replaced are kept aside until every file is in place). A non-empty target is refused unless
 * `overwrite` is set.
 */
export function writeBundle(target: string, files: readonly BundleFile[], overwrite: boolean): WriteResult {
  const resolved = path.resolve(target);
  const blocker = nonFolderOnPath(resolved);
  if (blocker) throw new BundleTargetError(`${blocker} is a file, not a folder; nothing was written. Choose a folder for the bundle.`);
  const overwritten = existingFiles(resolved, files);
  if (!overwrite && !isEmptyFolder(resolved)) throw new TargetNotEmptyError(resolved, overwritten);
  const links = linksOutOfTarget(resolved, files);
  if (links.length > 0) {
    throw new BundleTargetError(
      `${resolved} holds symbolic links where the bundle puts folders, leading out of it (${links.join(', ')}); nothing was written. Writing through them would change files outside the target: remove the links or choose another folder.`,
    );
  }
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(resolved), `.${path.basename(resolved)}.kubetier-`));
  try {
    for (const file of files) {
      const destination = path.join(staging, 'new', file.path);
      if (!destination.startsWith(path.join(staging, 'new') + path.sep)) throw new Error(`bundle path escapes the target: ${file.path}`);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(destination, file.content);
    }
    if (!fs.existsSync(resolved)) fs.renameSync(path.join(staging, 'new'), resolved);
    else moveInto(resolved, staging, files);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { written: files.map((file) => file.path), overwritten };
}

/** Moves staged files into an existing folder; on failure, removes what it moved and restores what it replaced. */
function moveInto(target: string, staging: string, files: readonly BundleFile[]): void {
  const replaced: string[] = [];
  const placed: string[] = [];
  const createdFolders: string[] = [];
  try {
    for (const file of files) {
      const destination = path.join(target, file.path);
      if (occupied(destination)) {
        const aside = path.join(staging, 'old', file.path);
        fs.mkdirSync(path.dirname(aside), { recursive: true });
        fs.renameSync(destination, aside);
        replaced.push(file.path);
      } else {
        for (let folder = path.dirname(destination); folder !== target && !fs.existsSync(folder); folder = path.dirname(folder)) createdFolders.push(folder);
        fs.mkdirSync(path.dirname(destination), { recursive: true });
      }
      fs.renameSync(path.join(staging, 'new', file.path), destination);
      placed.push(file.path);
    }
  } catch (error) {
    for (const file of placed) fs.rmSync(path.join(target, file), { force: true });
    for (const file of replaced) fs.renameSync(path.join(staging, 'old', file), path.join(target, file));
    for (const folder of createdFolders.sort((a, b) => b.length - a.length)) fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
