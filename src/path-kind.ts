import { stat } from 'node:fs/promises';

/** What is at `file` (following links): a file, a directory, or nothing. */
export async function pathKind(file: string): Promise<'file' | 'dir' | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) return undefined;
  return info.isDirectory() ? 'dir' : 'file';
}

export const exists = async (file: string): Promise<boolean> => (await pathKind(file)) !== undefined;
