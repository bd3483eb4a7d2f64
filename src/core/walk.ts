import { type Dirent, readdirSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ifPresent, type ProbeOptions } from './fs.js';

/**
 * Directory listings and walks, by one set of rules: paths are POSIX and
 * relative to the root, entries come in name order, and a symbolic link is
 * listed as a link, never followed. Fixture data follows links by rules of
 * its own (fixtures/tree.ts), on the same primitives.
 */

export type EntryKind = 'file' | 'directory' | 'link' | 'other';

/** One entry directly in a directory. */
export interface DirEntry {
  name: string;
  kind: EntryKind;
}

/** One entry under a walked root. */
export interface WalkEntry extends DirEntry {
  /** POSIX path relative to the root. */
  path: string;
}

/** What an entry is, by its own type (a link is a link, whatever it points at). */
export const entryKind = (entry: Dirent | Dirent<Buffer> | Stats): EntryKind =>
  entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'link' : 'other';

/** The POSIX path of `name` in the directory at relative path `parent` ('' for the root). */
export const childPath = (parent: string, name: string): string => (parent === '' ? name : `${parent}/${name}`);

const byName = (a: DirEntry, b: DirEntry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const sorted = (entries: Dirent[]): DirEntry[] =>
  entries.map((entry) => ({ name: entry.name, kind: entryKind(entry) })).sort(byName);

/** The entries directly in `dir`, in name order; throws what readdir throws. */
export async function listDir(dir: string): Promise<DirEntry[]> {
  return sorted(await readdir(dir, { withFileTypes: true }));
}

/**
 * listDir, or undefined when there is no directory (nothing, or a file on
 * its path); any other failure is said as what it is (core/fs.ts).
 */
export const listDirIfPresent = (dir: string, options: ProbeOptions = {}): Promise<DirEntry[] | undefined> =>
  ifPresent(dir, listDir(dir), options);

/** listDir, synchronously. */
export function listDirSync(dir: string): DirEntry[] {
  return sorted(readdirSync(dir, { withFileTypes: true }));
}

export interface WalkOptions {
  /** Whether to go into a directory (it is listed either way); every one by default. */
  enter?: (directory: WalkEntry) => boolean;
  /**
   * A directory that cannot be listed: its content is left out and this is
   * told (by default the walk fails). A directory removed meanwhile is empty.
   */
  onUnreadable?: (directory: string, error: unknown) => void;
}

/** Every entry under `root`, depth first in name order, each directory before what it holds. */
export async function walk(root: string, options: WalkOptions = {}): Promise<WalkEntry[]> {
  const found: WalkEntry[] = [];
  const visit = async (relative: string): Promise<void> => {
    let entries: DirEntry[] | undefined;
    try {
      entries = await listDirIfPresent(path.join(root, relative), { raw: true });
    } catch (error) {
      if (options.onUnreadable === undefined) throw error;
      options.onUnreadable(relative, error);
    }
    for (const entry of entries ?? []) {
      const walked = { ...entry, path: childPath(relative, entry.name) };
      found.push(walked);
      if (walked.kind === 'directory' && (options.enter?.(walked) ?? true)) await visit(walked.path);
    }
  };
  await visit('');
  return found;
}

/** walk, synchronously, for a tree that must be there (the templates): any failure is thrown. */
export function walkSync(root: string, options: Pick<WalkOptions, 'enter'> = {}): WalkEntry[] {
  const found: WalkEntry[] = [];
  const visit = (relative: string): void => {
    const entries = listDirSync(path.join(root, relative));
    for (const entry of entries) {
      const walked = { ...entry, path: childPath(relative, entry.name) };
      found.push(walked);
      if (walked.kind === 'directory' && (options.enter?.(walked) ?? true)) visit(walked.path);
    }
  };
  visit('');
  return found;
}
