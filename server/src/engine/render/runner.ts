import { spawn, spawnSync } from 'child_process';

/** One run of an external tool: never through a shell, so no argument is ever interpreted. */
export interface ToolCommand {
  file: string;
  args: string[];
  cwd: string;
  /** Killed after this long (`kubetier.render.timeout`). */
  timeoutMs: number;
  /** Output beyond this many bytes stops the run: a chart rendering gigabytes is not linted. */
  maxOutputBytes: number;
  /** Extra environment (HELM_* cache folders); the rest is inherited. */
  env?: Record<string, string>;
}

export type ToolResult =
  | { status: 'ok'; stdout: string; stderr: string }
  | { status: 'failed'; exitCode: number | null; stdout: string; stderr: string }
  | { status: 'missing' }
  | { status: 'timeout' }
  | { status: 'too-large' }
  | { status: 'error'; message: string };

export const DEFAULT_RENDER_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RENDER_OUTPUT_BYTES = 32 * 1024 * 1024;

function environment(command: ToolCommand): NodeJS.ProcessEnv {
  return { ...process.env, ...command.env };
}

/** The CLI's runner: one tool at a time, waiting for each. */
export function runToolSync(command: ToolCommand): ToolResult {
  const result = spawnSync(command.file, command.args, {
    cwd: command.cwd,
    env: environment(command),
    timeout: command.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: command.maxOutputBytes,
    encoding: 'utf8',
    windowsHide: true,
  });
  const error = result.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ENOENT' || error?.code === 'EACCES') return { status: 'missing' };
  if (error?.code === 'ETIMEDOUT') return { status: 'timeout' };
  if (error?.code === 'ENOBUFS') return { status: 'too-large' };
  if (error) return { status: 'error', message: error.message };
  return finished(result.status, result.stdout ?? '', result.stderr ?? '');
}

/** The editor's runner: the server keeps answering while the tool runs. */
export function runTool(command: ToolCommand): Promise<ToolResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: ToolResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(command.file, command.args, { cwd: command.cwd, env: environment(command), windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > command.maxOutputBytes) {
        child.kill('SIGKILL');
        settle({ status: 'too-large' });
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({ status: 'timeout' });
    }, command.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) =>
      settle(error.code === 'ENOENT' || error.code === 'EACCES' ? { status: 'missing' } : { status: 'error', message: error.message }),
    );
    child.on('close', (code) => settle(finished(code, Buffer.concat(stdout).toString('utf8'), Buffer.concat(stderr).toString('utf8'))));
  });
}

function finished(exitCode: number | null, stdout: string, stderr: string): ToolResult {
  return exitCode === 0 ? { status: 'ok', stdout, stderr } : { status: 'failed', exitCode, stdout, stderr };
}
