import { readFileSync, unlinkSync } from 'node:fs';
import { link, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { isMissing, MISSING_CODES, readTextIfPresent, whenCode } from '../core/fs.js';
import { onInterrupt, throwIfStopping } from '../core/interrupt.js';
import { isAlive, recoverStaging } from './staging.js';

/**
 * One writer per project at a time. Commands that change a project (`add`,
 * `new` into an existing directory) hold a lock file naming their pid;
 * a second run waits a little for it, then refuses. A lock whose process
 * is gone (killed, power loss) is taken over, with a message. Used by
 * write.ts only.
 */

export const LOCK_FILE = '.pacifica-dispatcher.lock';
/** How long a second run waits for the first before giving up. */
const WAIT_MS = 20_000;
const POLL_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const holderOf = async (file: string): Promise<number | undefined> => {
  // No lock file: released between two looks.
  const pid = Number.parseInt((await readTextIfPresent(file)) ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

/** Creates the lock with our pid in it in one step (link fails if it exists): no one ever sees it empty. */
async function tryCreate(lock: string): Promise<boolean> {
  const mine = `${lock}.${process.pid}`;
  await writeFile(mine, `${process.pid}\n`);
  try {
    await link(mine, lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    // Cleanup only: gone already is what we want.
    await unlink(mine).catch(whenCode(MISSING_CODES, undefined));
  }
}

/** Moves a dead holder's lock aside; puts it back if it turned out to be a live one, taken meanwhile. */
async function takeOver(lock: string, dead: number): Promise<void> {
  const aside = `${lock}.stale-${process.pid}`;
  // Gone: another run took it over (or its holder released it) first.
  if (!(await rename(lock, aside).then(() => true, whenCode(MISSING_CODES, false)))) return;
  // EEXIST: a new lock was taken meanwhile, and the one put aside is a dead one after all.
  if ((await holderOf(aside)) !== dead) await link(aside, lock).catch(whenCode(['EEXIST'], undefined));
  await unlink(aside);
}

async function acquire(dir: string, lock: string, notify: (message: string) => void): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let waitingFor: number | undefined;
  for (;;) {
    throwIfStopping();
    if (await tryCreate(lock)) return;
    const holder = await holderOf(lock);
    if (holder !== undefined && !isAlive(holder)) {
      await takeOver(lock, holder);
      notify(`Took over the lock "${lock}" of process ${holder}, which is gone.`);
      continue;
    }
    if (Date.now() > deadline) {
      throw new UserError(
        `Another run of pacifica-dispatcher (process ${holder ?? 'unknown'}) is changing "${dir}", and did not finish within ${WAIT_MS / 1000} s.`,
        `Let it finish, then run the command again. If no such run exists, delete "${lock}".`,
      );
    }
    // No holder: the lock was released (or taken over) between our two looks.
    if (holder !== undefined && waitingFor !== holder)
      notify(`Waiting for process ${holder}, which is changing "${dir}"…`);
    waitingFor = holder;
    await sleep(POLL_MS);
  }
}

/**
 * Runs `work` holding the lock of the project in `dir`, after undoing what
 * any killed run left half-done there (see staging.ts). Whatever
 * `work` reads, it reads under the lock: another run's change is complete.
 */
export async function withProjectLock<T>(
  dir: string,
  notify: (message: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  const lock = path.join(dir, LOCK_FILE);
  const release = (): void => {
    for (const file of [`${lock}.${process.pid}`, lock]) {
      try {
        if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
      } catch (error) {
        // Not there: nothing to release.
        if (!isMissing(error)) throw error;
      }
    }
  };
  // Registered before the lock exists, so a signal while taking it leaves nothing behind either.
  const done = onInterrupt(release);
  try {
    await acquire(dir, lock, notify);
    for (const note of await recoverStaging(dir)) notify(note);
    return await work();
  } finally {
    done();
    release();
  }
}
