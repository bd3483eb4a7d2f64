import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fsProblem, isMissing, kindOf } from './fs-problems.js';

/**
 * The files of a fixture directory, walked by the rules `new`, `add` and
 * `check` share: links are followed (one leading outside the directory
 * with a warning, since its target ends up in committed test data), a link
 * that leads back to an ancestor is a loop but two links to one directory
 * are not, and anything that is not a regular file or directory is named
 * for what it is.
 */

/** A reason the tree cannot be used as fixture data. */
export interface TreeProblem {
  /** The path as the user would type it (root joined with the relative path). */
  path: string;
  message: string;
  hint: string;
}

export interface FixtureTree {
  /** POSIX paths of regular files, relative to the root, sorted. */
  files: string[];
  warnings: string[];
  problems: TreeProblem[];
}

export interface WalkOptions {
  /** A directory that must not be inside the tree (the project being written). */
  target?: string;
}

const byName = (a: Dirent<Buffer>, b: Dirent<Buffer>): number => Buffer.compare(a.name, b.name);

/** Shows the bytes of a name that are not UTF-8 as \xNN, so the user can find the file. */
function printableName(name: Buffer): string {
  let out = '';
  for (let i = 0; i < name.length; ) {
    const char = name.subarray(i, i + 4).toString('utf8').charAt(0);
    const width = char === '\uFFFD' ? 0 : Buffer.byteLength(char);
    if (width === 0 || !name.subarray(i, i + width).equals(Buffer.from(char))) {
      out += `\\x${name[i]!.toString(16).padStart(2, '0')}`;
      i += 1;
    } else {
      out += char;
      i += width;
    }
  }
  return out;
}

const inside = (parent: string, child: string): boolean => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** Walks `root` (a directory); never throws for what is in it. */
export async function walkFixtureTree(root: string, options: WalkOptions = {}): Promise<FixtureTree> {
  const tree: FixtureTree = { files: [], warnings: [], problems: [] };
  const shown = (relative: string): string => (relative === '' ? root : path.join(root, relative));
  const fail = (relative: string, message: string, hint: string): void => void tree.problems.push({ path: shown(relative), message, hint });
  const failFs = (relative: string, error: unknown): void => {
    const problem = fsProblem(shown(relative), error, 'Fixture');
    if (problem === undefined) throw error;
    fail(relative, problem.message, problem.hint ?? '');
  };
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch (error) {
    // No directory, no files: whoever asked says whether that is a problem.
    if (!isMissing(error)) failFs('', error);
    return tree;
  }
  const target = options.target === undefined ? undefined : await realpath(options.target).catch(() => path.resolve(options.target!));
  const selfCopy = (relative: string, real: string): boolean => {
    if (target === undefined || !inside(real, target)) return false;
    fail(relative, `Fixture directory "${shown(relative)}" contains the project directory "${options.target}": the project would copy itself into its own test data.`,
      'Keep the data in a directory of its own (outside the project), or write the project somewhere else.');
    return true;
  };
  if (selfCopy('', rootReal)) return tree;

  const walk = async (relative: string, ancestors: string[]): Promise<void> => {
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(shown(relative), { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      failFs(relative, error);
      return;
    }
    for (const entry of entries.sort(byName)) {
      const name = entry.name.toString('utf8');
      const child = relative === '' ? name : `${relative}/${name}`;
      if (!Buffer.from(name).equals(entry.name)) {
        const printable = relative === '' ? printableName(entry.name) : `${relative}/${printableName(entry.name)}`;
        fail(child, `Fixture file "${path.join(root, printable)}" has a name that is not valid UTF-8.`,
          'Rename it: event.json records file names as text, so Pacifica cannot hold this name.');
        continue;
      }
      if (name.includes('\\')) {
        fail(child, `Fixture file "${shown(child)}" has a backslash in its name, which a project checked out on Windows cannot hold.`, 'Rename the file.');
        continue;
      }
      const stats = await follow(child);
      if (stats === undefined) continue;
      if (stats.isDirectory()) {
        const real = await realpath(shown(child));
        if (ancestors.includes(real)) {
          fail(child, `Fixture directory "${root}" has a link loop at "${child}": it leads back to "${real}", which contains it.`,
            'Remove the link, or pass the files you want one by one.');
        } else if (!selfCopy(child, real)) {
          await walk(child, [...ancestors, real]);
        }
      } else if (stats.isFile()) {
        tree.files.push(child);
      } else {
        fail(child, `Fixture "${shown(child)}" is ${kindOf(stats)}, neither a file nor a directory.`, 'Fixtures may hold only regular files and directories: remove it, or pass the files you want one by one.');
      }
    }
  };

  /** stat of `child` through links, or undefined after recording why it cannot be used. */
  const follow = async (child: string): Promise<Stats | undefined> => {
    const file = shown(child);
    let own: Stats;
    try {
      own = await lstat(file);
    } catch (error) {
      failFs(child, error);
      return undefined;
    }
    if (!own.isSymbolicLink()) return own;
    const to = await readlink(file).catch(() => '?');
    let stats: Stats;
    try {
      stats = await stat(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') fail(child, `Fixture "${file}" is a broken link: its target "${to}" does not exist.`, 'Remove the link, or make it point at the data.');
      else if (code === 'ELOOP') fail(child, `Fixture "${file}" is a link loop: "${to}" leads back to the link itself.`, 'Remove the link, or make it point at the data.');
      else failFs(child, error);
      return undefined;
    }
    const real = await realpath(file);
    if (!inside(rootReal, real)) {
      tree.warnings.push(`Fixture link "${file}" points outside the fixture directory, to "${real}": its content is copied into the test data.`);
    }
    return stats;
  };

  await walk('', [rootReal]);
  return tree;
}
