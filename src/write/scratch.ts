import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { fsProblem, isMissing } from '../core/fs.js';
import { onInterrupt } from '../core/interrupt.js';

/**
 * A scratch directory under the OS temp dir for work that is thrown away
 * (`smoke`'s projects): made fresh, so nothing of the user's is touched,
 * and removed when the work ends however it ends — an error, or a signal
 * (the CLI's second Ctrl-C removes it at once, see core/interrupt.ts) —
 * unless it is to be kept.
 */
export async function withScratchDir<T>(prefix: string, keep: boolean, work: (dir: string) => Promise<T>): Promise<T> {
  // The real path: a project's paths (pip, the tests) then read the same everywhere.
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  if (keep) return work(dir);
  const done = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    done();
  }
}

/** Writes `files` (POSIX paths relative to `root`) into a scratch directory, making their directories. */
export async function writeScratchFiles(root: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  for (const [relative, content] of files) {
    const file = path.join(root, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/**
 * Writes a report the user asked for (`smoke --junit FILE`) whole, by a
 * rename, so a reader never sees half of it; a file that cannot be written
 * is the user's to fix and says so.
 */
export async function writeReport(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    if (isMissing(error))
      throw new UserError(`Cannot write "${file}": its directory does not exist.`, 'Create it, or give another file.');
    throw fsProblem(path.dirname(file), error, { writingAt: file }) ?? error;
  }
}
