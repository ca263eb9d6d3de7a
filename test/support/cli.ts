// Running the CLI in tests: runCli with captured output, in temporary folders removed after the file's tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { runCli, type CliIO } from '../../server/src/cli/main';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding `files` (relative path -> content), removed when the test file ends. */
export function tempWorkspace(files: Record<string, string | Buffer> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-test-'));
  tempDirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCaptured(argv: string[], options: { cwd: string; stdin?: string; isTTY?: boolean; progress?: CliIO['progress'] }): CliRun {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: () => options.stdin ?? '',
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
    progress: options.progress,
  };
  const code = runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
