/**
 * The service and the CLI as a person runs them: separate processes, started
 * in a working directory that may hold a `.env`, with an environment that has
 * nothing of the test runner's (only PATH and HOME, plus what a test adds).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsx = import.meta.resolve('tsx');

export function bareEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...extra };
}

export interface ServiceProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `entry` (a .ts file through tsx, or a .js file with plain node) and
 * waits until stdout contains `readyWhen`, or the process exits.
 */
export async function startService(options: {
  entry: string;
  cwd: string;
  env?: Record<string, string>;
  readyWhen?: string;
  timeoutMs?: number;
}): Promise<ServiceProcess> {
  const args = options.entry.endsWith('.ts') ? ['--import', tsx, options.entry] : [options.entry];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env ?? bareEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const readyWhen = options.readyWhen ?? 'Next steps';
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let done = false;
  void exited.then(() => (done = true));
  while (!out.includes(readyWhen) && !done) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not start in time\nstdout: ${out}\nstderr: ${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the CLI from source (tsx) in `cwd`, as `npx portal-desk …` would without a build. */
export function runCliProcess(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): { code: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, ['--import', tsx, `${repoRoot}src/cli/main.ts`, ...args], {
    cwd: options.cwd,
    env: options.env ?? bareEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
