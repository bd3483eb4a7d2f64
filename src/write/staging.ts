import { randomBytes } from 'node:crypto';
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { lstatIfPresent } from '../core/fs.js';
import { listDirIfPresent } from '../core/walk.js';
import { JOURNAL, rollBack } from './commit.js';

/**
 * Staging directories: where a run writes before it moves anything into
 * place. Each is named after the process that owns it, so a later run can
 * tell one left by a killed run (owner gone) from one in use, and remove
 * it — after undoing a half-done commit when it holds a journal. And the
 * missing parents a run creates, which it removes only while empty.
 * Used by write.ts only.
 */

/** `.pacifica-dispatcher-tmp-<pid>-<random>`: the pid says whose it is. */
export const STAGING_PATTERN = /^\.pacifica-dispatcher-tmp-(\d+)-[0-9a-f]{8}$/;

/** Whether process `pid` still runs on this machine (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates a fresh staging directory in `parent`, readable by this user only. */
export async function makeStaging(parent: string): Promise<string> {
  for (;;) {
    const staging = path.join(parent, `.pacifica-dispatcher-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(staging, { mode: 0o700 });
      return staging;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export interface StagingEntry {
  name: string;
  pid: number;
  alive: boolean;
  /** It holds a journal: a commit into its directory was under way. */
  journal: boolean;
}

/** The staging directories of this tool in `dir`, with their owners. */
export async function listStaging(dir: string): Promise<StagingEntry[]> {
  const entries = (await listDirIfPresent(dir)) ?? [];
  return entries
    .map((entry) => entry.name)
    .flatMap((name) => {
      const match = STAGING_PATTERN.exec(name);
      if (!match) return [];
      const pid = Number(match[1]);
      return [{ name, pid, alive: isAlive(pid), journal: existsSync(path.join(dir, name, JOURNAL)) }];
    });
}

/**
 * Removes the staging directories in `dir` whose owner is gone, first
 * undoing the half-done commit of any that holds a journal (unless `undo`
 * is false: then those are left alone). Returns a sentence per directory,
 * saying what was done. The caller holds the lock of the project `dir`.
 */
export async function recoverStaging(dir: string, { undo = true } = {}): Promise<string[]> {
  const notes: string[] = [];
  for (const entry of await listStaging(dir)) {
    if (entry.alive || (entry.journal && !undo)) continue;
    const staging = path.join(dir, entry.name);
    if (entry.journal) {
      const undone = rollBack(dir, staging);
      notes.push(
        `Undid an interrupted write into "${dir}": process ${entry.pid} was stopped while moving files into place; ${undone} file${undone === 1 ? '' : 's'} put back, so the directory is as it was before that run.`,
      );
    } else {
      rmSync(staging, { recursive: true, force: true });
      notes.push(
        `Removed "${staging}", left by an interrupted run (process ${entry.pid}); nothing of it had been moved into place.`,
      );
    }
  }
  return notes;
}

/**
 * Creates the missing ancestors of `dir`, outermost first, adding each one
 * this run created to `created` as soon as it exists. One that appears
 * meanwhile (EEXIST) is someone else's.
 */
export async function makeParents(dir: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  for (let parent = path.dirname(dir); path.dirname(parent) !== parent; parent = path.dirname(parent)) {
    // A parent that cannot be looked at is thrown as it is: the writer says where it may not write.
    if ((await lstatIfPresent(parent, { raw: true })) !== undefined) break;
    missing.unshift(parent);
  }
  for (const parent of missing) {
    try {
      await mkdir(parent);
      created.push(parent);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Removes directories this run created, innermost first, each only while empty. */
export function removeCreated(dirs: string[]): void {
  for (const dir of [...dirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // Best effort, while another error or a signal is being handled: whatever stops it (someone else's files
      // in it, it is gone, it may not be removed), it and its parents are kept, and that error is the one reported.
      return;
    }
  }
}
