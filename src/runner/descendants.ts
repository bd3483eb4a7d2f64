/**
 * Finding every process a run started, even one that left its process
 * group (setsid) and so escapes a group kill. Each run gets a marker in its
 * environment; children inherit it, and on Linux /proc shows it for every
 * process of ours. A process that clears its environment cannot be found
 * this way, which is why the count is reported, never assumed.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { MISSING_CODES, whenCode } from '../core/fs.js';

/** The environment variable that marks a run's processes. */
export const RUN_MARKER = 'PACIFICA_DISPATCHER_RUN';

/** How /proc says a process ended meanwhile (ENOENT, ESRCH) or is another user's (EACCES, EPERM). */
const GONE_OR_FOREIGN = [...MISSING_CODES, 'ESRCH', 'EACCES', 'EPERM'];

/** A fresh marker value for one command. */
export const newRunId = (): string => randomBytes(8).toString('hex');

/** Whether processes can be listed here (Linux /proc). */
export async function canTrackProcesses(): Promise<boolean> {
  // No /proc (macOS, Windows), or one that does not show environments.
  return readFile('/proc/self/environ').then(() => true, whenCode([...MISSING_CODES, 'EACCES', 'EPERM'], false));
}

/** Pids of live (not zombie) processes whose environment carries `runId`. */
export async function markedProcesses(runId: string): Promise<number[]> {
  const needle = Buffer.from(`\0${RUN_MARKER}=${runId}\0`);
  const first = Buffer.from(`${RUN_MARKER}=${runId}\0`);
  const entries = await readdir('/proc').catch(whenCode(MISSING_CODES, [] as string[]));
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    // Another user's process, or one that just ended: not ours to find.
    const environ = await readFile(`/proc/${entry}/environ`).catch(whenCode(GONE_OR_FOREIGN, undefined));
    if (environ === undefined || !(environ.includes(needle) || environ.subarray(0, first.length).equals(first)))
      continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(whenCode(GONE_OR_FOREIGN, ''));
    // The state letter follows the parenthesised command name; a zombie is already dead.
    if (/\)\s+Z/.test(stat)) continue;
    found.push(Number(entry));
  }
  return found;
}

/** Sends `signal` to each pid; one that is gone already is no error. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      // ESRCH: it ended meanwhile; EPERM: its pid is another user's now.
      if (!['ESRCH', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}
