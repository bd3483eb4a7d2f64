/**
 * One subprocess, run the way every runner step needs it: argument array,
 * output captured (and echoed live when verbose), a deadline that takes the
 * whole process tree down, and no exception for a non-zero exit.
 */

import { readFileSync } from 'node:fs';
import type { execa } from 'execa';
import { isMissing } from '../core/fs.js';
import type { Io } from '../core/io.js';
import { canTrackProcesses, markedProcesses, newRunId, RUN_MARKER, signalAll } from './descendants.js';

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
  /** At a deadline: what was stopped, and what could not be. */
  stopped?: StopReport;
}

export interface RunContext {
  exec: Exec;
  io: Io;
  verbose: boolean;
  platform?: NodeJS.Platform;
}

/** Time a process tree gets between the polite and the final signal. */
const KILL_GRACE_MS = 2000;
/** Time the pipes get to close after the final signal before they are abandoned. */
const PIPE_GRACE_MS = 1000;
/** setTimeout fires at once past this many ms (a 32-bit int); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `promise`, or undefined after `ms`. The timer keeps the process alive
 * while it waits (once the run's processes are gone nothing else may) and
 * is cleared as soon as the promise wins.
 */
async function within<T>(promise: PromiseLike<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A deadline of any length (`--test-timeout` may exceed Node's 24.8-day timer); `cancel` stops it. */
function deadlineAfter(ms: number): { reached: Promise<'timeout'>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<'timeout'>((resolve) => {
    const arm = (left: number): void => {
      timer = setTimeout(
        () => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : resolve('timeout')),
        Math.min(left, MAX_TIMER_MS),
      );
    };
    arm(ms);
  });
  return { reached, cancel: () => clearTimeout(timer) };
}

/** Runs `command`; never throws for a failing or hanging process. */
export async function runCommand(command: Command, context: RunContext): Promise<CommandResult> {
  const { exec, io, verbose } = context;
  const windows = (context.platform ?? process.platform) === 'win32';
  const started = performance.now();
  const echo = function* (line: unknown) {
    io.stderr.write(`${String(line)}\n`);
    yield line;
  };
  const runId = newRunId();
  const child = exec(command.file, command.args, {
    cwd: command.cwd,
    env: { ...command.env, [RUN_MARKER]: runId },
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
  // Kept here too: a process that escaped the kill may hold the pipes open,
  // and then the output read so far is all there is.
  const seen: string[] = [];
  child.all?.on('data', (chunk: Buffer | string) => void seen.push(String(chunk)));
  const release = child.pid === undefined ? () => {} : guardGroup(child.pid, windows);
  const deadline = deadlineAfter(command.timeoutMs);
  const first = await Promise.race([child.then(() => 'exited' as const), deadline.reached]);
  deadline.cancel();
  const timedOut = first === 'timeout';
  let stopped: StopReport | undefined;
  if (timedOut && child.pid !== undefined) stopped = await stopRun(child.pid, runId, child, windows, exec);
  let result = timedOut ? await within(child, PIPE_GRACE_MS) : await child;
  if (result === undefined) {
    // The pipes are still held open by something that outlived the kill:
    // stop reading, so the run ends at its deadline whatever is left.
    for (const stream of [child.stdout, child.stderr, child.all]) stream?.destroy();
    if (stopped !== undefined) stopped.outputHeldOpen = true;
    result = await within(child, PIPE_GRACE_MS);
  }
  release();
  const code = typeof result?.code === 'string' ? result.code : undefined;
  const spawned = child.pid !== undefined;
  const all = typeof result?.all === 'string' && result.all.length >= seen.join('').length ? result.all : seen.join('');
  return {
    exitCode: timedOut ? undefined : result?.exitCode,
    output: all,
    timedOut,
    ...(stopped !== undefined ? { stopped } : {}),
    notFound: !spawned && code === 'ENOENT',
    spawnError: spawned ? undefined : String(result?.shortMessage ?? result?.message ?? code ?? 'spawn failed'),
    durationMs: performance.now() - started,
  };
}

/** What stopping a run at its deadline reached. */
export interface StopReport {
  /** Whether processes outside the group could be looked for (Linux /proc). */
  tracked: boolean;
  /** Processes found outside the run's process group (they had left it) and killed. */
  escaped: number;
  /** Pids still running after everything was killed. */
  survivors: number[];
  /** A process that could not be found still held the output pipes open: something still runs. */
  outputHeldOpen?: boolean;
}

/**
 * Stops the whole run: its process group, and every process that carries
 * its marker (those that left the group with setsid). SIGTERM first, then
 * SIGKILL after a grace period; then looks again for anything left.
 */
async function stopRun(
  pid: number,
  runId: string,
  child: PromiseLike<unknown>,
  windows: boolean,
  exec: Exec,
): Promise<StopReport> {
  const tracked = !windows && (await canTrackProcesses());
  const marked = async (): Promise<number[]> =>
    tracked ? (await markedProcesses(runId)).filter((found) => found !== process.pid) : [];
  const before = await marked();
  const group = new Set(before.filter((found) => groupOf(found) === pid));
  signalAll(before, 'SIGTERM');
  await killTree(pid, child, windows, exec);
  const after = await marked();
  signalAll(after, 'SIGKILL');
  let survivors = after;
  for (let tries = 0; survivors.length > 0 && tries < 10; tries++) {
    await sleep(100);
    survivors = await marked();
  }
  const escaped = [...new Set([...before, ...after])].filter((found) => !group.has(found) && found !== pid).length;
  return { tracked, escaped, survivors };
}

/** The process group of `pid` (Linux), or undefined. */
function groupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]);
  } catch (error) {
    // No /proc (not Linux), or the process is gone already.
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    throw error;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the whole group is already gone, which is the goal; EPERM: what is left of it is another user's.
    if (!['ESRCH', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

async function killTree(pid: number, child: PromiseLike<unknown>, windows: boolean, exec: Exec): Promise<void> {
  if (windows) {
    await exec('taskkill', ['/pid', String(pid), '/T', '/F'], { reject: false, windowsHide: true });
    return;
  }
  signalGroup(pid, 'SIGTERM');
  await within(child, KILL_GRACE_MS);
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
