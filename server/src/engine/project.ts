import { resolveSettings, type HostSettings, type ResolvedSettings } from './config';
import { ConfigCache, loadFile, parseText } from './disk';
import { lintFile, type Finding } from './lint';
import type { ParsedFile } from './model';
import type { Rule } from './rule';
import type { Tier } from './types';
import { WorkspaceIndex } from './workspace';

export interface ProjectOptions {
  rules: readonly Rule[];
  host: HostSettings;
  /** `--tier`: overrides every other tier source. */
  cliTier?: Tier;
  maxFileBytes?: number;
}

export interface FileReport {
  path: string;
  settings: ResolvedSettings;
  findings: Finding[];
  /** Why the file was not linted (binary, too large, unreadable). */
  skipped?: string;
}

export interface ProjectInput {
  path: string;
  /** Text already in hand (stdin, an editor buffer); read from disk when absent. */
  text?: string;
}

/**
 * Lints a set of files as one workspace: every file is parsed, indexed, then
 * linted with its own resolved settings, so cross-file rules see all of them.
 */
export function lintProject(inputs: readonly ProjectInput[], options: ProjectOptions, configs = new ConfigCache()): FileReport[] {
  const parsed: ParsedFile[] = [];
  const skipped: FileReport[] = [];
  for (const input of inputs) {
    if (input.text !== undefined) {
      parsed.push(parseText(input.path, input.text));
      continue;
    }
    const loaded = loadFile(input.path, options.maxFileBytes);
    if ('file' in loaded) parsed.push(loaded.file);
    else skipped.push({ path: input.path, settings: resolveSettings('', configs.forFile(input.path), options.host, options.cliTier), findings: [], skipped: loaded.skipped });
  }
  const index = WorkspaceIndex.of(parsed);
  const reports = parsed.map((file): FileReport => {
    const settings = resolveSettings(file.text, configs.forFile(file.path), options.host, options.cliTier);
    return { path: file.path, settings, findings: lintFile(file, { settings, index, rules: options.rules }) };
  });
  return [...reports, ...skipped];
}
