// The files a command reads as one workspace (`lint`, `graph`): paths relative to the caller's
// folder, '-' for stdin, and how charts and overlays are rendered.
import * as path from 'path';
import { collectYamlFiles, type ConfigCache } from '../engine/workspace/disk';
import type { ProjectInput, ProjectRenderOptions } from '../engine/workspace/project';
import type { ParsedArgs } from './args';
import type { CliIO } from './main';
import { renderOptionsFrom } from './renderFlags';
import { escapeControl } from './terminal';

export interface ProjectFiles {
  inputs: ProjectInput[];
  render?: ProjectRenderOptions;
}

/** The inputs and render options of the command line; the collection errors (already written to stderr) instead when a path cannot be read. */
export function projectInputs(args: ParsedArgs, io: CliIO, configs: ConfigCache): ProjectFiles | { errors: string[] } {
  const paths = args.positional.length > 0 ? args.positional : ['.'];
  const inputs: ProjectInput[] = [];
  // Relative paths are relative to the caller's folder (io.cwd), which tests and editors set.
  const onDisk = paths.filter((p) => p !== '-').map((p) => path.resolve(io.cwd, p));
  if (paths.includes('-')) inputs.push({ path: '-', text: io.readStdin() });
  const collected = collectYamlFiles(onDisk, configs);
  if (collected.errors.length > 0) {
    for (const error of collected.errors) io.stderr(`kubetier: ${escapeControl(error)}`);
    return { errors: collected.errors };
  }
  inputs.push(...collected.files.map((filePath) => ({ path: filePath })));
  return { inputs, render: renderOptionsFrom(args, io.cwd, onDisk) };
}
