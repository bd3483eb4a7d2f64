/**
 * One subprocess, run the way every runner step needs it: argument array,
 * output captured (and echoed live when verbose), a deadline that takes the
 * whole process tree down, and no exception for a non-zero exit.
 */
import type { execa } from 'execa';
import type { Io } from '../io.js';

/** The spawner; tests pass a fake with the same call shape. */
export type Exec = typeof execa;

export interface Command {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export interface CommandResult {
  /** undefined when the process could not start or was killed. */
  exitCode?: number;
  /** stdout and stderr interleaved. */
  output: string;
  timedOut: boolean;
  /** The executable does not exist (ENOENT). */
  notFound: boolean;
  /** Why it could not start, when it could not. */
  spawnError?: string;
  durationMs: number;
}

export interface RunContext {
  exec: Exec;
  io: Io;
  verbose: boolean;
  platform?: NodeJS.Platform;
}

/** Time a process tree gets between the polite and the final signal. */
const KILL_GRACE_MS = 2000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Runs `command`; never throws for a failing or hanging process. */
export async function runCommand(command: Command, context: RunContext): Promise<CommandResult> {
  const { exec, io, verbose } = context;
  const windows = (context.platform ?? process.platform) === 'win32';
  const started = performance.now();
  const echo = function* (line: unknown) {
    io.stderr.write(`${String(line)}\n`);
    yield line;
  };
  const child = exec(command.file, command.args, {
    cwd: command.cwd,
    env: command.env,
    extendEnv: false,
    stdin: 'ignore',
    stdout: verbose ? [echo] : 'pipe',
    stderr: verbose ? [echo] : 'pipe',
    all: true,
    reject: false,
    windowsHide: true,
    // Its own process group on POSIX, so a deadline can kill what the tests
    // spawned too. On Windows `detached` would open a console instead;
    // taskkill /T walks the tree there.
    detached: !windows,
  });
  const release = child.pid === undefined ? () => {} : guardGroup(child.pid, windows);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), command.timeoutMs);
  });
  const first = await Promise.race([child.then(() => 'exited' as const), deadline]);
  clearTimeout(timer);
  const timedOut = first === 'timeout';
  if (timedOut && child.pid !== undefined) await killTree(child.pid, child, windows, exec);
  const result = await child;
  release();
  const code = typeof result.code === 'string' ? result.code : undefined;
  const spawned = child.pid !== undefined;
  return {
    exitCode: timedOut ? undefined : result.exitCode,
    output: typeof result.all === 'string' ? result.all : '',
    timedOut,
    notFound: !spawned && code === 'ENOENT',
    spawnError: spawned ? undefined : String(result.shortMessage ?? result.message ?? code ?? 'spawn failed'),
    durationMs: performance.now() - started,
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is already gone, which is the goal.
  }
}

async function killTree(pid: number, child: PromiseLike<unknown>, windows: boolean, exec: Exec): Promise<void> {
  if (windows) {
    await exec('taskkill', ['/pid', String(pid), '/T', '/F'], { reject: false, windowsHide: true });
    return;
  }
  signalGroup(pid, 'SIGTERM');
  await Promise.race([child.then(() => undefined), sleep(KILL_GRACE_MS)]);
  // Also reaches grandchildren that ignored SIGTERM or outlived the leader.
  signalGroup(pid, 'SIGKILL');
}

/**
 * A detached group does not get the terminal's Ctrl-C, and execa's cleanup
 * skips detached children, so while one runs we kill its group ourselves if
 * this process exits or is interrupted.
 */
function guardGroup(pid: number, windows: boolean): () => void {
  if (windows) return () => {};
  const onExit = () => signalGroup(pid, 'SIGKILL');
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    release();
    // Nobody else listens: let the signal do what it would have done.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const release = () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return release;
}
