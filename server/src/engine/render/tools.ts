import * as fs from 'fs';
import * as path from 'path';

/** A tool kubetier runs, with the setting that names its binary. */
export interface ToolSpec {
  name: 'helm' | 'kubectl' | 'kustomize';
  setting: string;
}

export const HELM: ToolSpec = { name: 'helm', setting: 'kubetier.helm.path' };
export const KUBECTL: ToolSpec = { name: 'kubectl', setting: 'kubetier.kubectl.path' };
export const KUSTOMIZE: ToolSpec = { name: 'kustomize', setting: 'kubetier.kustomize.path' };

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The binary to run: the path the user set, else the first on PATH that is not inside the
 * workspace (a checked-out `./helm` or a PATH entry like `.` must not run just by opening a folder).
 * Undefined when none is found.
 */
export function resolveTool(tool: ToolSpec, explicit: string | undefined, workspaceRoots: readonly string[], searchPath = process.env.PATH ?? ''): string | undefined {
  if (explicit) return explicit;
  const names = process.platform === 'win32' ? [`${tool.name}.exe`, tool.name] : [tool.name];
  for (const entry of searchPath.split(path.delimiter)) {
    if (entry === '' || !path.isAbsolute(entry)) continue;
    if (workspaceRoots.some((root) => isInside(entry, path.resolve(root)))) continue;
    for (const name of names) {
      const candidate = path.join(entry, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}
