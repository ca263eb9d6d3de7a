// The progress line of long CLI runs: on stderr, only for a person at a terminal.
import * as path from 'path';
import type { ProjectProgress } from '../engine/workspace/project';

/** Terminals get at most this many redraws a second: a fast run should not spend its time drawing. */
const REDRAWS_PER_SECOND = 10;
/** A run shorter than this never draws: a line that flashes and vanishes helps nobody. */
const QUIET_START_MS = 300;
const ERASE_LINE = '\r\x1b[2K';

/** stderr when it is a terminal a person watches. */
export interface ProgressTerminal {
  write: (text: string) => void;
  columns: number;
  /** Milliseconds, for pacing redraws (Date.now unless a test steps its own clock). */
  now?: () => number;
}

/** The terminal progress may use: never under CI (`CI` set), into a pipe or a file (not a TTY); --quiet is the caller's. */
export function progressTerminal(stderr: NodeJS.WriteStream, env: NodeJS.ProcessEnv): ProgressTerminal | undefined {
  if (!stderr.isTTY || isCi(env)) return undefined;
  return { write: (text) => stderr.write(text), get columns() { return stderr.columns || 80; } };
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Control characters in a file name would move the cursor or recolour the terminal: show them as \xNN. */
export function visibleText(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function progressLine({ phase, done, total, path: file }: ProjectProgress, cwd: string, columns: number): string {
  const folder = path.relative(cwd, path.dirname(path.resolve(cwd, file))) || '.';
  const line = `kubetier: ${phase} ${done}/${total} files  ${visibleText(folder)}`;
  // A line wider than the terminal wraps, and "\r" then only rewrites its last row.
  return line.length > columns ? `${line.slice(0, Math.max(columns - 1, 0))}…` : line;
}

/** A reporter that redraws one stderr line and erases it when the run ends. */
export function progressReporter(terminal: ProgressTerminal, cwd: string) {
  const now = terminal.now ?? Date.now;
  let lastDraw = now() + QUIET_START_MS - 1000 / REDRAWS_PER_SECOND;
  let drawn = false;
  return {
    update(progress: ProjectProgress): void {
      if (now() - lastDraw < 1000 / REDRAWS_PER_SECOND) return;
      lastDraw = now();
      drawn = true;
      terminal.write(`${ERASE_LINE}${progressLine(progress, cwd, terminal.columns)}`);
    },
    finish(): void {
      if (drawn) terminal.write(ERASE_LINE);
    },
  };
}
