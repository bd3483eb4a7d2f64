import { stat } from 'node:fs/promises';
import { isMissing, rethrowFsProblem } from './fs-problems.js';

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
