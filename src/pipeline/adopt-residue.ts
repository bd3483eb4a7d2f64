/**
 * The names of another project left in a dispatcher renamed by hand (the
 * SOP's step 4 substitutes them by hand; `check` reports what it misses),
 * and their mechanical substitution for `adopt --yes`: only in code and
 * configuration, and only names that are surely another project's (its
 * package or repository name, or the route and handler the project renamed
 * from), so prose, fixture data and unrelated classes stay as written.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { lstatIfPresent } from '../core/fs.js';
import type { Names } from '../core/types.js';
import { type WalkEntry, walk } from '../core/walk.js';
import {
  isEnvironmentOrBuildDir,
  NOT_PROJECT_NAMES,
  nameWords,
  PACKAGE_NAME,
  REPOSITORY_NAME,
  STATE_FILE,
  splitWords,
} from '../project/index.js';
import { STAGING_PATTERN } from '../write/index.js';

const MAX_TEXT_BYTES = 2 * 1024 * 1024;

/** Prose, where `check` only warns about another project's name; adopt leaves it to the author. */
const isProse = (file: string): boolean =>
  /\.(md|rst|txt)$/i.test(file) || /^(LICENSE|AUTHORS|CHANGELOG|NOTICE|COPYING)/i.test(path.posix.basename(file));

const isProjectText = ({ name, path: relative }: WalkEntry): boolean =>
  !(isEnvironmentOrBuildDir(name) || STAGING_PATTERN.test(name)) && !/^tests\/test_files\//.test(`${relative}/`);

/** The project's code and configuration files (fixtures and prose left out), path -> text. */
export async function readCodeFiles(dir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  // A directory that cannot be read is left out: `check` reports it.
  const entries = await walk(dir, { enter: isProjectText, onUnreadable: () => undefined });
  for (const entry of entries) {
    // The state file an earlier adopt wrote is written anew.
    if (entry.kind !== 'file' || isProse(entry.path) || entry.path === STATE_FILE) continue;
    const absolute = path.join(dir, ...entry.path.split('/'));
    const info = await lstatIfPresent(absolute);
    if (!info?.isFile() || info.size > MAX_TEXT_BYTES) continue;
    const bytes = await readFile(absolute);
    if (bytes.includes(0)) continue;
    texts.set(entry.path, bytes.toString('utf8'));
  }
  return texts;
}

const CLASS = /(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]*)(EventHandler|TestCase)(?![A-Za-z0-9_])/g;

const startsWith = (words: readonly string[], prefix: readonly string[]): boolean =>
  prefix.length > 0 && prefix.length <= words.length && prefix.every((word, index) => words[index] === word);

/**
 * The other projects' names (as words) in the project's code: each package
 * or repository name that is not this project's (or an extension of it),
 * plus `extra` names (the route the project renamed from). Shortest first;
 * a name that extends another is that one's.
 */
export function otherProjectNames(texts: Iterable<string>, names: Names, extra: string[][] = []): string[][] {
  const own = names.kebab.split('-');
  const found = new Map<string, string[]>();
  const add = (words: string[]): void => {
    if (words.length > 0 && !startsWith(words, own)) found.set(words.join(' '), words);
  };
  for (const text of texts) {
    for (const [match, name] of [...text.matchAll(REPOSITORY_NAME), ...text.matchAll(PACKAGE_NAME)])
      if (!NOT_PROJECT_NAMES.has(match)) add(nameWords(name ?? ''));
  }
  for (const words of extra) add(words);
  const all = [...found.values()].sort((a, b) => a.length - b.length);
  return all.filter((words, index) => !all.slice(0, index).some((shorter) => startsWith(words, shorter)));
}

export interface Substitution {
  /** The other project's names, as words. */
  others: string[][];
  /** Rename `…EventHandler` classes too (not when the project already defines its own handler class). */
  handlers: boolean;
  /** Rename `…TestCase` classes too (not when the project already defines its own test class). */
  tests: boolean;
  /** A route file renamed: references to `{from}.txt` and `route_file('{from}')` follow it. */
  routeFile?: { from: string; to: string };
}

/** `text` with the other project's names replaced by this project's; `changes` counts "old → new". */
export function substitute(
  text: string,
  names: Names,
  how: Substitution,
): { text: string; changes: Map<string, number> } {
  const changes = new Map<string, number>();
  const note = (from: string, to: string): string => {
    if (from !== to) changes.set(`${from} → ${to}`, (changes.get(`${from} → ${to}`) ?? 0) + 1);
    return to;
  };
  const other = (match: string, words: string[]): string[] | undefined =>
    NOT_PROJECT_NAMES.has(match) ? undefined : how.others.find((name) => startsWith(words, name));
  let result = text
    .replace(REPOSITORY_NAME, (match, name: string) => {
      const words = name.split('-');
      const old = other(
        match,
        words.map((word) => word.toLowerCase()),
      );
      return old ? note(match, `pacifica-dispatcher-${[names.kebab, ...words.slice(old.length)].join('-')}`) : match;
    })
    .replace(PACKAGE_NAME, (match, name: string) => {
      const words = name.split('_');
      const old = other(
        match,
        words.map((word) => word.toLowerCase()),
      );
      return old ? note(match, `dispatcher_${[names.snake, ...words.slice(old.length)].join('_')}`) : match;
    })
    .replace(CLASS, (match, name: string, suffix: string) => {
      if (suffix === 'EventHandler' ? !how.handlers : !how.tests) return match;
      const words = nameWords(name);
      const old = other(match, words);
      if (!old) return match;
      // The words after the other project's name keep their casing: ExampleUpload -> SpectraUpload.
      const rest = splitWords(name).slice(splitWords(name).length - (words.length - old.length));
      return note(match, `${names.pascal}${rest.join('')}${suffix}`);
    });
  if (how.routeFile) {
    const { from, to } = how.routeFile;
    result = result
      .replace(new RegExp(`(['"])${from}\\.txt\\1`, 'g'), (match, quote: string) =>
        note(match, `${quote}${to}.txt${quote}`),
      )
      .replace(new RegExp(`route_file\\(\\s*(['"])${from}\\1\\s*\\)`, 'g'), (match, quote: string) =>
        note(match, `route_file(${quote}${to}${quote})`),
      );
  }
  return { text: result, changes };
}
