import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from './errors.js';
import type { CopiedFile, FileContent, FileMap } from './types.js';

/**
 * The only module that writes to disk. A project is written into a
 * temporary directory beside the target and then moved into place, so a
 * failure leaves no half project; only what this run created is removed.
 */

/** Cleanups to run if the process is interrupted (Ctrl-C) mid-write. */
const pendingCleanups = new Set<() => void>();

/** Runs the cleanups of writes still in progress; for the CLI's SIGINT handler. */
export function cleanUpInterruptedWrites(): void {
  for (const cleanup of pendingCleanups) cleanup();
  pendingCleanups.clear();
}

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
      throw new UserError(`Target "${dir}" exists and is not a directory.`, 'Choose another directory with --directory.');
    }
    throw error;
  }
}

/** Refuses a non-empty target unless forced, listing what is there. */
export async function assertWritableTarget(dir: string, force: boolean): Promise<void> {
  const entries = await listDirectory(dir);
  if (entries === undefined || entries.length === 0 || force) return;
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

async function writeTree(root: string, files: FileMap): Promise<void> {
  for (const [relative, content] of files) {
    const destination = path.join(root, ...relative.split('/'));
    await mkdir(path.dirname(destination), { recursive: true });
    if (isCopiedFile(content)) await copyChecked(relative, content, destination);
    else await writeFile(destination, content);
  }
}

/** Moves every entry of `from` into the existing directory `into`, merging directories. */
async function moveInto(from: string, into: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(into, entry.name);
    const existing = await stat(target).catch(() => undefined);
    if (entry.isDirectory() && existing?.isDirectory()) await moveInto(source, target);
    else await rename(source, target);
  }
}

/** Creates the missing ancestors of `dir`; returns the topmost one created. */
async function createParents(dir: string): Promise<string | undefined> {
  return mkdir(path.dirname(dir), { recursive: true });
}

/**
 * Writes the project into `dir`. Paths are checked to stay inside it; the
 * target must be absent or empty unless `force`.
 */
export async function writeProject(dir: string, files: FileMap, { force = false } = {}): Promise<void> {
  for (const relative of files.keys()) assertContained(relative);
  await assertWritableTarget(dir, force);
  const createdParent = await createParents(dir);
  const staging = await mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-`));
  const cleanup = (): void => {
    rmSync(staging, { recursive: true, force: true });
    if (createdParent !== undefined) rmSync(createdParent, { recursive: true, force: true });
  };
  pendingCleanups.add(cleanup);
  try {
    await writeTree(staging, files);
    if ((await listDirectory(dir)) === undefined) {
      await rename(staging, dir);
    } else {
      await moveInto(staging, dir);
      await rm(staging, { recursive: true, force: true });
    }
    pendingCleanups.delete(cleanup);
  } catch (error) {
    pendingCleanups.delete(cleanup);
    cleanup();
    throw error;
  }
}

/**
 * Writes changed and new files into an existing project. Every file is
 * first written beside its target under a temporary name; only when all
 * are written are they renamed into place, so a failure changes nothing.
 */
export async function updateProject(dir: string, files: FileMap): Promise<void> {
  for (const relative of files.keys()) assertContained(relative);
  const staged: { temporary: string; target: string }[] = [];
  const createdDirs: string[] = [];
  const cleanup = (): void => {
    for (const { temporary } of staged) rmSync(temporary, { force: true });
    for (const created of createdDirs.reverse()) rmSync(created, { recursive: true, force: true });
  };
  pendingCleanups.add(cleanup);
  try {
    for (const [relative, content] of files) {
      const target = path.join(dir, ...relative.split('/'));
      const created = await mkdir(path.dirname(target), { recursive: true });
      if (created !== undefined) createdDirs.push(created);
      const temporary = `${target}.cpd-${process.pid}-${staged.length}.tmp`;
      staged.push({ temporary, target });
      if (isCopiedFile(content)) await copyChecked(relative, content, temporary);
      else await writeFile(temporary, content);
    }
    for (const { temporary, target } of staged) await rename(temporary, target);
    pendingCleanups.delete(cleanup);
  } catch (error) {
    pendingCleanups.delete(cleanup);
    cleanup();
    throw error;
  }
}
