import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { UserError } from './errors.js';

/**
 * File-system failures of paths the user gave or owns, said as what they
 * are. A permission problem is not "does not exist", a FIFO is not a file
 * to wait on forever, and none of them is a bug in this tool.
 */

/** What kind of thing a non-regular, non-directory entry is, for messages. */
export function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSymbolicLink()) return 'a link';
  return stats.isDirectory() ? 'a directory' : 'a special file';
}

/** The error codes that mean "nothing is there" rather than "something is wrong there". */
export const isMissing = (error: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException)?.code ?? '');

/**
 * A UserError for `error` (from reading `file`), or undefined when the
 * error is not a problem the user can fix (then it stays a bug).
 */
export function fsProblem(file: string, error: unknown, what = ''): UserError | undefined {
  const code = (error as NodeJS.ErrnoException)?.code;
  const named = `${what === '' ? '' : `${what} `}"${file}"`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new UserError(
        `${named} cannot be read: permission denied.`,
        'Give your user read permission (chmod u+r for a file, u+rx for a directory and the directories above it), or run as a user who can read it.',
      );
    case 'ELOOP':
      return new UserError(`${named} is a link loop: following it leads back to itself.`, 'Remove the link, or make it point at the data.');
    case 'ENOENT':
      return new UserError(`${named} does not exist.`, 'Check the path.');
    case 'ENOTDIR':
      return new UserError(`${named} does not exist: a part of its path is a file, not a directory.`, 'Check the path.');
    case 'EISDIR':
      return new UserError(`${named} is a directory, not a file.`, 'Give the path of a file.');
    case 'EIO':
    case 'ENAMETOOLONG':
    case 'EMFILE':
    case 'ENFILE':
      return new UserError(`${named} cannot be read: ${(error as Error).message}.`, 'Check the path and the system\'s limits, then try again.');
    default:
      return undefined;
  }
}

/** Rethrows `error` as the UserError that says what is wrong with `file`, if there is one. */
export function rethrowFsProblem(file: string, error: unknown, what = ''): never {
  throw fsProblem(file, error, what) ?? error;
}

/**
 * The text of a regular file, or undefined when nothing is at `file`.
 * Anything else there (a FIFO that would block forever, a directory, an
 * unreadable file) is a UserError naming it.
 */
export async function readTextIfPresent(file: string, what = ''): Promise<string | undefined> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    rethrowFsProblem(file, error, what);
  }
  if (!info.isFile()) {
    throw new UserError(`${what === '' ? '' : `${what} `}"${file}" is ${kindOf(info)}, not a regular file.`, 'Replace it with a regular file.');
  }
  return readFile(file, 'utf8').catch((error: unknown) => rethrowFsProblem(file, error, what));
}


/**
 * What is at `file` (following links): a file, a directory, or nothing.
 * A path that cannot be looked at (permission, link loop) is a UserError
 * saying so, not "nothing".
 */
export async function pathKind(file: string): Promise<'file' | 'dir' | undefined> {
  const info = await stat(file).catch((error: unknown) => (isMissing(error) ? undefined : rethrowFsProblem(file, error)));
  if (info === undefined) return undefined;
  return info.isDirectory() ? 'dir' : 'file';
}

export const exists = async (file: string): Promise<boolean> => (await pathKind(file)) !== undefined;
