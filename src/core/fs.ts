import { existsSync, lstatSync, type Stats } from 'node:fs';
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './errors.js';

/**
 * File-system failures of paths the user gave or owns, said as what they
 * are, and the probes that look at such paths. A permission problem is not
 * "does not exist", a FIFO is not a file to wait on forever, and none of
 * them is a bug in this tool. A probe returns undefined only when nothing
 * is there; any other failure is thrown, never taken for "missing".
 */

/** What kind of thing a non-regular, non-directory entry is, for messages. */
export function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSymbolicLink()) return 'a link';
  return stats.isDirectory() ? 'a directory' : 'a special file';
}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException)?.code ?? '';

/** The error codes that mean "nothing is there" rather than "something is wrong there". */
export const MISSING_CODES = ['ENOENT', 'ENOTDIR'] as const;

export const isMissing = (error: unknown): boolean => (MISSING_CODES as readonly string[]).includes(codeOf(error));

/**
 * A rejection handler for a failure the caller expects: `value` when the
 * error has one of `codes`, otherwise the error again.
 */
export const whenCode =
  <T>(codes: readonly string[], value: T) =>
  (error: unknown): T => {
    if (codes.includes(codeOf(error))) return value;
    throw error;
  };

/**
 * What the failed call was doing: reading a user's path (`what` names it,
 * e.g. "Fixture"), or writing the project directory the user chose, where
 * `at` is the path the call failed on, as the user knows it (the writer
 * cuts its staging and lock names off).
 */
export type FsAccess = { what?: string } | { writingAt: string };

const PERMISSION_CODES = ['EACCES', 'EPERM'];

/**
 * A UserError for `error`, met reading `file` or writing the project
 * directory `file`, or undefined when the error is not a problem the user
 * can fix (then it stays a bug).
 */
export function fsProblem(file: string, error: unknown, access: FsAccess = {}): UserError | undefined {
  const code = codeOf(error);
  if ('writingAt' in access) return writeProblem(file, access.writingAt, code);
  const named = `${access.what === undefined || access.what === '' ? '' : `${access.what} `}"${file}"`;
  if (PERMISSION_CODES.includes(code)) {
    return new UserError(
      `${named} cannot be read: permission denied.`,
      'Give your user read permission (chmod u+r for a file, u+rx for a directory and the directories above it), or run as a user who can read it.',
    );
  }
  switch (code) {
    case 'ELOOP':
      return new UserError(
        `${named} is a link loop: following it leads back to itself.`,
        'Remove the link, or make it point at the data.',
      );
    case 'ENOENT':
      return new UserError(`${named} does not exist.`, 'Check the path.');
    case 'ENOTDIR':
      return new UserError(
        `${named} does not exist: a part of its path is a file, not a directory.`,
        'Check the path.',
      );
    case 'EISDIR':
      return new UserError(`${named} is a directory, not a file.`, 'Give the path of a file.');
    case 'EIO':
    case 'ENAMETOOLONG':
    case 'EMFILE':
    case 'ENFILE':
      return new UserError(
        `${named} cannot be read: ${(error as Error).message}.`,
        "Check the path and the system's limits, then try again.",
      );
    default:
      return undefined;
  }
}

/** Writing the project directory `dir` failed at `at`: "permission denied" and friends, naming the user's directory. */
function writeProblem(dir: string, at: string, code: string): UserError | undefined {
  if (PERMISSION_CODES.includes(code) || code === 'EROFS') {
    const why = code === 'EROFS' ? 'the file system is read-only' : 'permission denied';
    const inTarget = at === dir || at.startsWith(dir + path.sep);
    let where = at;
    // Outside the target, the culprit is the nearest directory that exists: the one the entry could not be made in.
    // (existsSync is false for a path it may not look at either, which is then not the culprit.)
    while (!inTarget && path.dirname(where) !== where && !existsSync(where)) where = path.dirname(where);
    // Inside the target (an existing project) another --directory is no fix; its permissions are.
    return inTarget
      ? new UserError(
          `Cannot write to "${where}": ${why}.`,
          'Fix its permissions (or run as a user who may write there).',
        )
      : new UserError(
          `Cannot create "${dir}": ${why} in "${where}".`,
          'Choose another directory with --directory, or fix its permissions.',
        );
  }
  if (code === 'ENOSPC')
    return new UserError(
      `No space left on the device while writing to "${dir}".`,
      'Free some space, or choose another directory.',
    );
  return undefined;
}

/** Rethrows `error` as the UserError that says what is wrong with `file`, if there is one. */
export function rethrowFsProblem(file: string, error: unknown, access: FsAccess = {}): never {
  throw fsProblem(file, error, access) ?? error;
}

/** How a probe says a failure other than "missing". */
export interface ProbeOptions {
  /** Names the path in the message, e.g. "Fixture". */
  what?: string;
  /** The path as the user gave it, for the message (default: the path probed). */
  shownAs?: string;
  /** Throw the error itself, for a caller that explains it (the writer, which says what could not be written). */
  raw?: boolean;
}

/** What `probe` (a call on `file`) gives; undefined when nothing is at `file`; any other failure said as what it is. */
export async function ifPresent<T>(
  file: string,
  probe: Promise<T>,
  options: ProbeOptions = {},
): Promise<T | undefined> {
  try {
    return await probe;
  } catch (error) {
    if (isMissing(error)) return undefined;
    if (options.raw === true) throw error;
    rethrowFsProblem(options.shownAs ?? file, error, options.what === undefined ? {} : { what: options.what });
  }
}

/** What is at `file`, following links; undefined when nothing is. */
export const statIfPresent = (file: string, options: ProbeOptions = {}): Promise<Stats | undefined> =>
  ifPresent(file, stat(file), options);

/** What is at `file` itself (a link is a link); undefined when nothing is. */
export const lstatIfPresent = (file: string, options: ProbeOptions = {}): Promise<Stats | undefined> =>
  ifPresent(file, lstat(file), options);

/** lstatIfPresent for code that must not await (moving files into place); failures are thrown as they are. */
export function lstatSyncIfPresent(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The text of a regular file, or undefined when nothing is at `file` (also
 * when it is removed while being read). Anything else there (a FIFO that
 * would block forever, a directory, an unreadable file) is a UserError
 * naming it.
 */
export async function readTextIfPresent(file: string, what = ''): Promise<string | undefined> {
  const info = await statIfPresent(file, { what });
  if (info === undefined) return undefined;
  if (!info.isFile()) {
    throw new UserError(
      `${what === '' ? '' : `${what} `}"${file}" is ${kindOf(info)}, not a regular file.`,
      'Replace it with a regular file.',
    );
  }
  return ifPresent(file, readFile(file, 'utf8'), { what });
}

/**
 * What is at `file` (following links): a file, a directory, or nothing.
 * A path that cannot be looked at (permission, link loop) is a UserError
 * saying so, not "nothing".
 */
export async function pathKind(file: string): Promise<'file' | 'dir' | undefined> {
  const info = await statIfPresent(file);
  if (info === undefined) return undefined;
  return info.isDirectory() ? 'dir' : 'file';
}

export const exists = async (file: string): Promise<boolean> => (await pathKind(file)) !== undefined;

/** How long file work runs before it lets the event loop run (signal handlers, other work). */
const SLICE_MS = 10;
let sliceStart = performance.now();

/** Lets the event loop run once the current slice of synchronous file work is used up. */
export async function endOfSlice(): Promise<void> {
  if (performance.now() - sliceStart < SLICE_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}
