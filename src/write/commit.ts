import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { lstatIfPresent, lstatSyncIfPresent } from '../core/fs.js';

/**
 * Placing staged files into an existing directory, all or nothing, even if
 * the process is killed. Before the first move, a journal listing every
 * move is written into the staging directory; every file a move replaces
 * goes to `replaced/` first. Any failure, or the next run after a crash,
 * undoes the moves from the journal (see rollBack) before the backups are
 * deleted. The moves are synchronous, so a signal handler never runs in
 * the middle of them. Used by write.ts and staging.ts only.
 */

/** The journal's name inside a staging directory; its removal is the commit point. */
export const JOURNAL = 'journal.json';

/**
 * Refuses, before anything moves, a write that would go through a symbolic
 * link (possibly out of the project) or put a file where a directory is,
 * or the other way round.
 */
export async function assertPlaceable(dir: string, relatives: Iterable<string>): Promise<void> {
  const checked = new Set<string>();
  for (const relative of relatives) {
    const parts = relative.split('/');
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const prefix = parts.slice(0, depth).join('/');
      if (checked.has(prefix)) continue;
      checked.add(prefix);
      const stats = await lstatIfPresent(path.join(dir, ...parts.slice(0, depth)));
      if (stats === undefined) break;
      const isLast = depth === parts.length;
      if (stats.isSymbolicLink()) {
        throw new UserError(
          `"${prefix}" in "${dir}" is a symbolic link; the project will not be written through it.`,
          'Remove the link, or choose another directory.',
        );
      }
      if (isLast && stats.isDirectory()) {
        throw new UserError(
          `"${prefix}" in "${dir}" is a directory, where the project has a file.`,
          'Move it away, or choose another directory.',
        );
      }
      if (!isLast && !stats.isDirectory()) {
        throw new UserError(
          `"${prefix}" in "${dir}" is a file, where the project has a directory.`,
          'Move it away, or choose another directory.',
        );
      }
    }
  }
}

interface Journal {
  pid: number;
  /**
   * Every staged file, in move order, and whether the move replaces a file;
   * a `removed` one has nothing staged: it only goes to `replaced/`, so that
   * rollBack puts it back like any replaced file.
   */
  files: { path: string; existed: boolean; removed?: true }[];
  /** Directories the commit creates, parents first. */
  dirs: string[];
}

const join = (dir: string, relative: string): string => path.join(dir, ...relative.split('/'));
// Thrown when it cannot be looked at: undoing from a wrong guess would lose files.
const exists = (file: string): boolean => lstatSyncIfPresent(file) !== undefined;

/**
 * Works out, before anything moves, which targets exist and which
 * directories are missing; `removals` (files that exist) are moved out last.
 */
export async function planCommit(dir: string, relatives: string[], removals: string[] = []): Promise<Journal> {
  const dirs: string[] = [];
  const seen = new Set<string>();
  const files: Journal['files'] = [];
  for (const relative of relatives) {
    const parts = relative.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
      const sub = parts.slice(0, depth).join('/');
      if (seen.has(sub)) continue;
      seen.add(sub);
      if (!(await lstatIfPresent(join(dir, sub)))) dirs.push(sub);
    }
    files.push({ path: relative, existed: (await lstatIfPresent(join(dir, relative))) !== undefined });
  }
  for (const relative of removals) {
    if ((await lstatIfPresent(join(dir, relative))) !== undefined)
      files.push({ path: relative, existed: true, removed: true });
  }
  return { pid: process.pid, files, dirs };
}

/** Writes `file` so that it is either absent or complete and on disk. */
function writeDurably(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  const fd = openSync(`${file}.tmp`, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.tmp`, file);
  const dirFd = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/**
 * TEST-ONLY hook, not a user feature: PACIFICA_DISPATCHER_TEST_PAUSE=
 * "stage:<ms>" or "commit:<ms>" sleeps after each file staged or moved into
 * place, so a test can signal or kill the process at a chosen point of a
 * write. Unset, it costs one lookup per write.
 */
export function testPause(phase: 'stage' | 'commit'): number {
  const match = /^(stage|commit):(\d+)$/.exec(process.env.PACIFICA_DISPATCHER_TEST_PAUSE ?? '');
  return match && match[1] === phase ? Number(match[2]) : 0;
}

/**
 * Moves every staged file (`staging/new/<path>`) to `dir/<path>` as
 * `journal` plans, then deletes the staging directory. On failure the moves
 * are undone and the error rethrown.
 */
export function commitJournaled(dir: string, staging: string, journal: Journal): void {
  const pause = testPause('commit');
  const sleeper = pause > 0 ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  writeDurably(path.join(staging, JOURNAL), JSON.stringify(journal));
  try {
    mkdirSync(path.join(staging, 'replaced'));
    for (const sub of journal.dirs) mkdirSync(join(dir, sub));
    for (const [index, { path: relative, existed, removed }] of journal.files.entries()) {
      const target = join(dir, relative);
      if (existed) renameSync(target, path.join(staging, 'replaced', String(index)));
      if (removed !== true) renameSync(join(path.join(staging, 'new'), relative), target);
      if (sleeper) Atomics.wait(sleeper, 0, 0, pause);
    }
  } catch (error) {
    rollBack(dir, staging);
    throw error;
  }
  // The commit point: without a journal, a staging directory holds nothing to undo.
  unlinkSync(path.join(staging, JOURNAL));
  rmSync(staging, { recursive: true, force: true });
  for (const { path: relative, removed } of journal.files) if (removed === true) removeEmptyParents(dir, relative);
}

/** The directories a removed file leaves empty (a moved event's), up to the project; any other is kept. */
function removeEmptyParents(dir: string, relative: string): void {
  const parts = relative.split('/').slice(0, -1);
  for (let depth = parts.length; depth > 0; depth -= 1) {
    try {
      rmdirSync(join(dir, parts.slice(0, depth).join('/')));
    } catch (error) {
      // Not empty (it holds other files) or already gone: it stays, and so do its parents.
      if (['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
      throw error;
    }
  }
}

/**
 * Undoes the moves of the journal in `staging`, newest first, then deletes
 * the staging directory; returns how many files it put back or removed.
 * Each move's state is read from the disk (is the staged file still there?
 * is its backup?), so it works after a crash at any point, and again after
 * a crash during itself. Directories the commit made are removed only when
 * empty.
 */
export function rollBack(dir: string, staging: string): number {
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path.join(staging, JOURNAL), 'utf8')) as Journal;
  } catch (error) {
    throw new UserError(
      `The journal of an interrupted write, "${path.join(staging, JOURNAL)}", cannot be read (${(error as Error).message}).`,
      `The files that write replaced are in "${path.join(staging, 'replaced')}" (numbered in its order); restore what you need, then delete "${staging}".`,
    );
  }
  let undone = 0;
  for (let index = journal.files.length - 1; index >= 0; index -= 1) {
    const { path: relative, existed } = journal.files[index]!;
    const target = join(dir, relative);
    const backup = path.join(staging, 'replaced', String(index));
    const movedIn = !exists(join(path.join(staging, 'new'), relative));
    if (exists(backup)) {
      renameSync(backup, target);
      undone += 1;
    } else if (movedIn && !existed && exists(target)) {
      unlinkSync(target);
      undone += 1;
    }
  }
  for (const sub of [...journal.dirs].reverse()) {
    try {
      rmdirSync(join(dir, sub));
    } catch (error) {
      // Not empty (someone else's file is in it) or already gone: leave it.
      if (!['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  unlinkSync(path.join(staging, JOURNAL));
  rmSync(staging, { recursive: true, force: true });
  return undone;
}
