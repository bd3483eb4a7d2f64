import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { lstat, mkdir, readlink, realpath, rename } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { endOfSlice, fsProblem, lstatIfPresent, MISSING_CODES, rethrowFsProblem, whenCode } from '../core/fs.js';
import { forEachChunk, incrementalHash } from '../core/hash.js';
import { InterruptedError, onInterrupt, stopRequestedBy, throwIfStopping } from '../core/interrupt.js';
import type { CopiedFile, FileContent, FileMap } from '../core/types.js';
import { listDir } from '../core/walk.js';
import { assertPlaceable, commitJournaled, planCommit, testPause } from './commit.js';
import { LOCK_FILE, withProjectLock } from './lock.js';
import { makeParents, makeStaging, recoverStaging, removeCreated, STAGING_PATTERN } from './staging.js';

/**
 * The only module that writes to disk (with write-*.ts). A project is
 * written into a staging directory and then moved into place, so a
 * failure, a signal or a crash leaves no half project; only what this run
 * created is removed.
 */

/** Reports what the writer did besides writing (recoveries, waiting for a lock). */
export type Notify = (message: string) => void;

const isCopiedFile = (content: FileContent): content is CopiedFile =>
  typeof content === 'object' && !(content instanceof Uint8Array);

/** Throws unless `relative` is a plain POSIX path inside the project. */
export function assertContained(relative: string): void {
  const parts = relative.split('/');
  if (
    relative === '' ||
    relative.startsWith('/') ||
    relative.includes('\\') ||
    /^[A-Za-z]:/.test(relative) ||
    parts.some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`refusing to write "${relative}": not a relative path inside the project`);
  }
}

/** Lists what a directory holds; undefined when it does not exist. */
export async function listDirectory(dir: string): Promise<string[] | undefined> {
  try {
    return (await listDir(dir)).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      // Only for the message: EINVAL says it is no link, so nothing is there at all.
      const link = await readlink(dir).catch(whenCode(['EINVAL', ...MISSING_CODES], undefined));
      if (link !== undefined) {
        throw new UserError(
          `"${dir}" is a symbolic link to "${link}", which does not exist.`,
          'Create the directory it points to, remove the link, or choose another directory with --directory.',
        );
      }
      return undefined;
    }
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      // Name the link that loops (the target itself, or a parent on its path): one that cannot be resolved.
      let link = dir;
      const unreachable = ['ELOOP', ...MISSING_CODES];
      for (let up = dir; path.dirname(up) !== up; up = path.dirname(up)) {
        const isLink = await lstat(up).then((stats) => stats.isSymbolicLink(), whenCode(unreachable, false));
        if (isLink && (await realpath(up).then(() => false, whenCode(unreachable, true)))) link = up;
      }
      throw new UserError(
        `${link === dir ? `"${dir}"` : `"${link}", on the path of "${dir}",`} is a link loop: following it leads back to itself.`,
        'Remove the link, or choose another directory with --directory.',
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      let file = dir;
      while (path.dirname(file) !== file && (await lstatIfPresent(file))?.isDirectory() !== false) {
        file = path.dirname(file);
      }
      throw new UserError(
        file === dir
          ? `Target "${dir}" exists and is not a directory.`
          : `"${file}" is a file, so "${dir}" cannot be created.`,
        'Choose another directory with --directory.',
      );
    }
    return rethrowFsProblem(dir, error);
  }
}

/**
 * Refuses a non-empty target unless forced, listing what is there. Returns
 * the target's entries, or undefined when it does not exist yet.
 */
export async function assertWritableTarget(dir: string, force: boolean): Promise<string[] | undefined> {
  // The lock and staging directories of a run in progress are not the user's files.
  const entries = (await listDirectory(dir))?.filter((entry) => entry !== LOCK_FILE && !STAGING_PATTERN.test(entry));
  if (entries === undefined || entries.length === 0 || force) return entries;
  const shown = entries
    .slice(0, 10)
    .map((entry) => `  ${entry}`)
    .join('\n');
  const more = entries.length > 10 ? `\n  … and ${entries.length - 10} more` : '';
  throw new UserError(
    `Target directory "${dir}" is not empty. It holds:\n${shown}${more}`,
    'Use --force to write into it (files with the same path are replaced, nothing else is touched), or choose another directory.',
  );
}

/**
 * Copies a data file in chunks, hashing each chunk as it goes to disk, and
 * refuses the copy unless its hash is the one event.json records: a file
 * that changed since it was hashed, or while it was copied, is caught.
 * Each chunk is read, hashed and written synchronously while it is in the
 * CPU's cache (see forEachChunk), in slices between which a signal is
 * heard and stops the copy.
 */
async function copyChecked(relative: string, source: CopiedFile, destination: string): Promise<void> {
  const hash = incrementalHash();
  const input = openSync(source.copyFrom, 'r');
  try {
    const output = openSync(destination, 'w');
    try {
      await forEachChunk(
        input,
        (chunk) => {
          hash.update(chunk);
          writeAll(output, chunk);
        },
        throwIfStopping,
      );
    } finally {
      closeSync(output);
    }
  } finally {
    closeSync(input);
  }
  if (hash.digest() !== source.sha1) {
    throw new UserError(
      `Fixture file "${source.copyFrom}" changed while the project was being generated (${relative}).`,
      'Run the command again once the data has stopped changing.',
    );
  }
}

/** Writes all of `chunk` at the file's position (a write may take less than it is given). */
function writeAll(output: number, chunk: Buffer): void {
  for (let offset = 0; offset < chunk.length; ) offset += writeSync(output, chunk, offset, chunk.length - offset);
}

/** Writes every file under `root`, returning their paths in order. */
async function writeTree(root: string, files: FileMap): Promise<string[]> {
  const pause = testPause('stage');
  for (const [relative, content] of files) {
    const destination = path.join(root, ...relative.split('/'));
    // Rendered files are small: written synchronously, a slice of time at a
    // time (awaiting each call cost more in waiting than the writes took).
    mkdirSync(path.dirname(destination), { recursive: true });
    if (isCopiedFile(content)) await copyChecked(relative, content, destination);
    else writeFileSync(destination, content);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    await endOfSlice();
    throwIfStopping();
  }
  return [...files.keys()];
}

/**
 * Turns "permission denied" and friends into a problem the user can fix
 * (see fsProblem), naming the user's directory, never a staging directory
 * inside or beside it.
 */
function explainFsError(error: unknown, dir: string): unknown {
  let where = (error as NodeJS.ErrnoException).path ?? dir;
  const parts = where.split(path.sep);
  const internal = parts.findIndex((part) => STAGING_PATTERN.test(part) || part.startsWith(LOCK_FILE));
  if (internal > 0) where = parts.slice(0, internal).join(path.sep) || path.sep;
  return fsProblem(dir, error, { writingAt: where }) ?? error;
}

/**
 * Runs `work` with `cleanup` registered for signals. On failure, or when a
 * signal asked the write to stop (work checks between its steps), cleans
 * up and throws; a signal that came while the files were moved into place
 * (synchronously, never cut short) is reported once they all are.
 */
async function guarded(dir: string, cleanup: () => void, work: () => Promise<void>): Promise<void> {
  const done = onInterrupt(cleanup);
  try {
    await work();
  } catch (error) {
    cleanup();
    const signal = stopRequestedBy();
    throw signal === undefined ? explainFsError(error, dir) : new InterruptedError(signal, false);
  } finally {
    done();
  }
  const signal = stopRequestedBy();
  if (signal !== undefined) throw new InterruptedError(signal, true);
}

/**
 * Writes the project into `dir`, all or nothing. Paths are checked to stay
 * inside it; the target must be absent or empty unless `force`. A new
 * target is written beside itself and renamed into place; an existing one
 * is locked and gets the files moved in by a journaled commit.
 */
export async function writeProject(
  dir: string,
  files: FileMap,
  { force = false, notify = () => {} }: { force?: boolean; notify?: Notify } = {},
): Promise<void> {
  for (const relative of files.keys()) assertContained(relative);
  if ((await listDirectory(dir)) !== undefined) {
    await lockedProject(dir, notify, async () => {
      await assertWritableTarget(dir, force);
      await updateProject(dir, files);
    });
    return;
  }
  const created: string[] = [];
  let staging: string | undefined;
  const cleanup = (): void => {
    if (staging !== undefined) rmSync(staging, { recursive: true, force: true });
    removeCreated(created);
  };
  await guarded(dir, cleanup, async () => {
    await makeParents(dir, created);
    // Only journal-less leftovers: a journal belongs to a project, undone under its lock.
    for (const note of await recoverStaging(path.dirname(dir), { undo: false })) notify(note);
    staging = await makeStaging(path.dirname(dir));
    throwIfStopping();
    // A directory made by mkdir gets the mode the umask gives (a staging directory is 0700).
    const root = path.join(staging, 'project');
    await mkdir(root);
    await writeTree(root, files);
    throwIfStopping();
    await rename(root, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR'].includes(error.code ?? '')) {
        throw new UserError(
          `"${dir}" was created by someone else while the project was being written; nothing was written to it.`,
          'Look at what is there now, then run again with --force to write into it, or choose another directory.',
        );
      }
      throw error;
    });
    rmSync(staging, { recursive: true, force: true });
    staging = undefined;
  });
}

/**
 * Writes new and changed files into an existing project, all or nothing:
 * everything is first written to a staging directory inside it, then moved
 * into place by a journaled commit (see commit.ts). Never writes
 * through a symbolic link. The caller holds the project's lock
 * (withProjectLock), so no other run of this tool writes it meanwhile.
 * `remove` lists files the same commit takes away (`adopt` moving a file
 * to its SOP name, `update` removing one the template dropped): undone with
 * the rest if the write is.
 */
export async function updateProject(
  dir: string,
  files: FileMap,
  { remove = [] }: { remove?: string[] } = {},
): Promise<void> {
  for (const relative of [...files.keys(), ...remove]) assertContained(relative);
  const removals = remove.filter((relative) => !files.has(relative));
  await assertPlaceable(dir, [...files.keys(), ...removals]);
  let staging: string | undefined;
  const cleanup = (): void => {
    if (staging !== undefined) rmSync(staging, { recursive: true, force: true });
  };
  await guarded(dir, cleanup, async () => {
    staging = await makeStaging(dir);
    const staged = await writeTree(path.join(staging, 'new'), files);
    const journal = await planCommit(dir, staged, removals);
    throwIfStopping();
    // From here to the end nothing awaits: no signal handler can run mid-commit.
    commitJournaled(dir, staging, journal);
    staging = undefined;
  });
}

/**
 * Runs `work` holding the project's lock (see lock.ts), after any
 * write a killed run left half-done in it was undone; `notify` is told
 * what was undone, and about waiting for another run.
 */
export async function lockedProject<T>(dir: string, notify: Notify, work: () => Promise<T>): Promise<T> {
  let inWork = false;
  try {
    return await withProjectLock(dir, notify, () => {
      inWork = true;
      return work();
    });
  } catch (error) {
    throw inWork ? error : explainFsError(error, dir);
  }
}
