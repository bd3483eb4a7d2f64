import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from './errors.js';
import { onInterrupt } from './interrupt.js';
import type { CopiedFile, FileContent, FileMap } from './types.js';
import { assertPlaceable, commitInto } from './write-commit.js';

/**
 * The only module that writes to disk (with write-commit.ts). A project is
 * written into a temporary directory and then moved into place, so a
 * failure leaves no half project; only what this run created is removed.
 */

const isCopiedFile = (content: FileContent): content is CopiedFile =>
  typeof content === 'object' && !(content instanceof Uint8Array);

/** Throws unless `relative` is a plain POSIX path inside the project. */
export function assertContained(relative: string): void {
  const parts = relative.split('/');
  if (relative === '' || relative.startsWith('/') || relative.includes('\\') || /^[A-Za-z]:/.test(relative) ||
      parts.some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`refusing to write "${relative}": not a relative path inside the project`);
  }
}

/** Lists what a directory holds; undefined when it does not exist. */
export async function listDirectory(dir: string): Promise<string[] | undefined> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      let file = dir;
      while (path.dirname(file) !== file && !(await lstat(file).then((stats) => !stats.isDirectory(), () => false))) file = path.dirname(file);
      throw new UserError(
        file === dir ? `Target "${dir}" exists and is not a directory.` : `"${file}" is a file, so "${dir}" cannot be created.`,
        'Choose another directory with --directory.',
      );
    }
    throw error;
  }
}

/**
 * Refuses a non-empty target unless forced, listing what is there. Returns
 * the target's entries, or undefined when it does not exist yet.
 */
export async function assertWritableTarget(dir: string, force: boolean): Promise<string[] | undefined> {
  const entries = await listDirectory(dir);
  if (entries === undefined || entries.length === 0 || force) return entries;
  const shown = entries.slice(0, 10).map((entry) => `  ${entry}`).join('\n');
  const more = entries.length > 10 ? `\n  … and ${entries.length - 10} more` : '';
  throw new UserError(
    `Target directory "${dir}" is not empty. It holds:\n${shown}${more}`,
    'Use --force to write into it (files with the same path are replaced, nothing else is touched), or choose another directory.',
  );
}

async function copyChecked(relative: string, source: CopiedFile, destination: string): Promise<void> {
  const hash = createHash('sha1');
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(source.copyFrom), tee, createWriteStream(destination));
  if (hash.digest('hex') !== source.sha1) {
    throw new UserError(
      `Fixture file "${source.copyFrom}" changed while the project was being generated (${relative}).`,
      'Run the command again once the data has stopped changing.',
    );
  }
}

/** Writes every file under `root`, returning where each one went. */
async function writeTree(root: string, files: FileMap): Promise<{ relative: string; temporary: string }[]> {
  const written: { relative: string; temporary: string }[] = [];
  for (const [relative, content] of files) {
    const destination = path.join(root, ...relative.split('/'));
    await mkdir(path.dirname(destination), { recursive: true });
    if (isCopiedFile(content)) await copyChecked(relative, content, destination);
    else await writeFile(destination, content);
    written.push({ relative, temporary: destination });
  }
  return written;
}

/** Turns "permission denied" and friends into a problem the user can fix. */
function explainFsError(error: unknown, dir: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    const where = (error as NodeJS.ErrnoException).path ?? dir;
    return new UserError(`Cannot write to "${where}": ${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'}.`, 'Choose another directory with --directory, or fix its permissions.');
  }
  if (code === 'ENOSPC') return new UserError(`No space left on the device while writing to "${dir}".`, 'Free some space, or choose another directory.');
  return error;
}

/** Runs `work` with `cleanup` registered for Ctrl-C; cleans up and explains on failure. */
async function guarded(dir: string, cleanup: () => void, work: () => Promise<void>): Promise<void> {
  const done = onInterrupt(cleanup);
  try {
    await work();
  } catch (error) {
    cleanup();
    throw explainFsError(error, dir);
  } finally {
    done();
  }
}

/**
 * Writes the project into `dir`, all or nothing. Paths are checked to stay
 * inside it; the target must be absent or empty unless `force`. A new
 * target is written beside itself and renamed into place; an existing one
 * gets the files moved in one by one, undone on any failure.
 */
export async function writeProject(dir: string, files: FileMap, { force = false } = {}): Promise<void> {
  for (const relative of files.keys()) assertContained(relative);
  if ((await assertWritableTarget(dir, force)) !== undefined) {
    await updateProject(dir, files);
    return;
  }
  let createdParent: string | undefined;
  let staging: string | undefined;
  const cleanup = (): void => {
    if (staging !== undefined) rmSync(staging, { recursive: true, force: true });
    if (createdParent !== undefined) rmSync(createdParent, { recursive: true, force: true });
  };
  await guarded(dir, cleanup, async () => {
    createdParent = await mkdir(path.dirname(dir), { recursive: true });
    staging = await mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-`));
    await writeTree(staging, files);
    await rename(staging, dir);
    staging = undefined;
  });
}

/**
 * Writes new and changed files into an existing project, all or nothing:
 * everything is first written to a staging directory inside it, then moved
 * into place (see write-commit.ts). Never writes through a symbolic link.
 */
export async function updateProject(dir: string, files: FileMap): Promise<void> {
  for (const relative of files.keys()) assertContained(relative);
  await assertPlaceable(dir, files.keys());
  let staging: string | undefined;
  const cleanup = (): void => {
    if (staging !== undefined) rmSync(staging, { recursive: true, force: true });
  };
  await guarded(dir, cleanup, async () => {
    staging = await mkdtemp(path.join(dir, '.create-pacifica-dispatcher-'));
    const staged = await writeTree(path.join(staging, 'new'), files);
    await commitInto(dir, staged, path.join(staging, 'replaced'));
    cleanup();
  });
}
