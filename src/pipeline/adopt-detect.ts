/**
 * What `adopt` reads from a dispatcher made by hand besides its layout: the
 * project's name, description and author (setup.py, pyproject.toml,
 * README), its CI and the copyright year of its LICENSE. Each fact says
 * where it came from, or that it fell back, so the report can tell.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { exists, readTextIfPresent } from '../core/fs.js';
import type { CiAnswers, Names } from '../core/types.js';
import { deriveNames, splitWords, validateEmail } from '../project/index.js';
import { defaultDescription } from './answers.js';

/** A detected value and where it came from (`fallback` when nothing said it). */
export interface Found<T> {
  value: T;
  from: string;
  fallback?: true;
}

/** The packaging and documentation texts a project's metadata is read from. */
export interface MetadataSources {
  setupPy?: string;
  pyproject?: string;
  readme?: { file: string; text: string };
}

const readText = (dir: string, file: string): Promise<string | undefined> =>
  readTextIfPresent(path.join(dir, ...file.split('/')));

export async function readMetadataSources(dir: string): Promise<MetadataSources> {
  const setupPy = await readText(dir, 'setup.py');
  const pyproject = await readText(dir, 'pyproject.toml');
  let readme: MetadataSources['readme'];
  for (const file of ['README.md', 'README.rst', 'README.txt', 'README']) {
    const text = await readText(dir, file);
    if (text !== undefined) {
      readme = { file, text };
      break;
    }
  }
  return {
    ...(setupPy !== undefined ? { setupPy } : {}),
    ...(pyproject !== undefined ? { pyproject } : {}),
    ...(readme !== undefined ? { readme } : {}),
  };
}

/** `key='value'` (or "value") as a setup() keyword argument. */
const setupArgument = (text: string | undefined, key: string): string | undefined =>
  text === undefined
    ? undefined
    : new RegExp(`\\b${key}\\s*=\\s*(['"])((?:(?!\\1)[^\\\\\\n]|\\\\.)*)\\1`).exec(text)?.[2];

/** The `[project]` table of pyproject.toml (up to the next table). */
function projectTable(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const start = /^\[project\][ \t]*$/m.exec(text);
  if (!start) return undefined;
  const rest = text.slice(start.index + start[0].length);
  const next = /^\[/m.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** `key = "value"` in a TOML table. */
const tomlString = (table: string | undefined, key: string): string | undefined =>
  table === undefined ? undefined : new RegExp(`^${key}\\s*=\\s*"((?:[^"\\\\\\n]|\\\\.)*)"`, 'm').exec(table)?.[1];

/** The first `name`/`email` of `authors = [{ ... }]`. */
const tomlAuthor = (table: string | undefined, key: 'name' | 'email'): string | undefined => {
  const authors = table === undefined ? undefined : /^authors\s*=\s*\[([\s\S]*?)\]/m.exec(table)?.[1];
  return authors === undefined
    ? undefined
    : new RegExp(`\\b${key}\\s*=\\s*"((?:[^"\\\\\\n]|\\\\.)*)"`).exec(authors)?.[1];
};

/** A README's title: `# Title` (Markdown) or a line underlined with `=` (reStructuredText). */
function readmeTitle(text: string): string | undefined {
  return (/^#[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1] ?? /^([^\s=-].*)\n={3,}[ \t]*$/m.exec(text)?.[1])?.trim();
}

/** The first paragraph of prose after a README's title: no heading, list, code, quote or badge. */
function readmeParagraph(text: string): string | undefined {
  const paragraphs = text
    .replace(/^.*\n={3,}[ \t]*$/m, '')
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim());
  const prose = paragraphs.find(
    (block) => block !== '' && !/^([#=\-*>|`!<[]|\d+\.|\s{4})/.test(block) && !block.startsWith('    '),
  );
  return prose?.replace(/\s*\n\s*/g, ' ');
}

/** A name without the "Pacifica Dispatcher" every repository name starts with. */
const withoutPrefix = (name: string): string => {
  const stripped = name.replace(/^\s*pacifica[\s_-]*dispatcher[\s_-]+/i, '').trim();
  return stripped === '' ? name.trim() : stripped;
};

const namesOrUndefined = (projectName: string): Names | undefined => {
  try {
    return deriveNames(projectName);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
};

/**
 * The project's name: the first of README title, setup.py, pyproject.toml
 * and handler class that gives the package directory the project has,
 * preferring one whose handler class the project defines (its casing is
 * then the project's own). Else the package directory's name, in words.
 */
export function detectProjectName(
  packageDir: string,
  sources: MetadataSources,
  definedClasses: readonly string[],
): { names: Names; found: Found<string>; mismatched: string[] } {
  const candidates: { name: string; from: string; handler?: true }[] = [];
  // The README this tool generates names the project as typed ("Hello, world!"): the best spelling there is.
  const typed = sources.readme ? /\bthe project `([^`\n]+)`/.exec(sources.readme.text)?.[1] : undefined;
  if (typed !== undefined)
    candidates.push({ name: typed, from: `${sources.readme?.file} ("the project \`${typed}\`")` });
  const title = sources.readme ? readmeTitle(sources.readme.text) : undefined;
  if (title !== undefined)
    candidates.push({ name: withoutPrefix(title), from: `the title of ${sources.readme?.file}` });
  const setupName = setupArgument(sources.setupPy, 'name');
  if (setupName !== undefined)
    candidates.push({ name: withoutPrefix(setupName), from: `setup.py (name='${setupName}')` });
  const tomlName = tomlString(projectTable(sources.pyproject), 'name');
  if (tomlName !== undefined)
    candidates.push({ name: withoutPrefix(tomlName), from: `pyproject.toml (name = "${tomlName}")` });
  for (const handler of definedClasses.filter((name) => /^[A-Z]\w*EventHandler$/.test(name))) {
    const words = splitWords(handler.slice(0, -'EventHandler'.length));
    if (words.length > 0)
      candidates.push({ name: words.join(' '), from: `the handler class ${handler}`, handler: true });
  }

  const consistent = candidates.flatMap((candidate) => {
    const names = namesOrUndefined(candidate.name);
    return names?.packageDir === packageDir ? [{ ...candidate, names }] : [];
  });
  const chosen = consistent.find((candidate) => definedClasses.includes(candidate.names.handlerClass)) ?? consistent[0];
  // A route's own handler (ThumbnailsEventHandler) is no other name of the project: told only when no name fits.
  const mismatched = candidates
    .filter((candidate) => !consistent.some((good) => good.from === candidate.from))
    .filter((candidate) => chosen === undefined || candidate.handler !== true)
    .map((candidate) => candidate.from);
  if (chosen) return { names: chosen.names, found: { value: chosen.name, from: chosen.from }, mismatched };

  const snake = packageDir.slice('pacifica/dispatcher_'.length);
  const fromDir = snake
    .split('_')
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  const names = namesOrUndefined(fromDir);
  if (names?.packageDir !== packageDir) {
    throw new UserError(
      `The package directory ${packageDir} gives no project name the SOP's naming convention accepts (see README "Naming").`,
      'Rename it to pacifica/dispatcher_<name> with a usable name, then run adopt again.',
    );
  }
  return { names, found: { value: fromDir, from: `the package directory ${packageDir}`, fallback: true }, mismatched };
}

export function detectDescription(names: Names, sources: MetadataSources): Found<string> {
  const setup = setupArgument(sources.setupPy, 'description');
  if (setup !== undefined && setup.trim() !== '') return { value: setup.trim(), from: 'setup.py' };
  const toml = tomlString(projectTable(sources.pyproject), 'description');
  if (toml !== undefined && toml.trim() !== '') return { value: toml.trim(), from: 'pyproject.toml' };
  const paragraph = sources.readme ? readmeParagraph(sources.readme.text) : undefined;
  if (paragraph !== undefined && paragraph.length <= 300)
    return { value: paragraph, from: `the first paragraph of ${sources.readme?.file}` };
  return { value: defaultDescription(names), from: "new's default", fallback: true };
}

export function detectAuthor(sources: MetadataSources): { author: Found<string>; authorEmail: Found<string> } {
  const table = projectTable(sources.pyproject);
  const pick = (setupKey: string, tomlKey: 'name' | 'email'): Found<string> => {
    const setup = setupArgument(sources.setupPy, setupKey);
    if (setup !== undefined && setup.trim() !== '') return { value: setup.trim(), from: 'setup.py' };
    const toml = tomlAuthor(table, tomlKey);
    if (toml !== undefined && toml.trim() !== '') return { value: toml.trim(), from: 'pyproject.toml' };
    return { value: '', from: 'nowhere: left empty', fallback: true };
  };
  const author = pick('author', 'name');
  const email = pick('author_email', 'email');
  const authorEmail: Found<string> =
    validateEmail(email.value) === undefined
      ? email
      : { value: '', from: `${email.from} has "${email.value}", not an email address: left empty`, fallback: true };
  return { author, authorEmail };
}

export async function detectCi(dir: string): Promise<Found<CiAnswers>> {
  const ci = {
    github: await exists(path.join(dir, '.github', 'workflows')),
    travis: await exists(path.join(dir, '.travis.yml')),
    appveyor: await exists(path.join(dir, 'appveyor.yml')),
  };
  const present = [
    ...(ci.github ? ['.github/workflows/'] : []),
    ...(ci.travis ? ['.travis.yml'] : []),
    ...(ci.appveyor ? ['appveyor.yml'] : []),
  ];
  return { value: ci, from: present.length > 0 ? present.join(', ') : 'no CI configuration found' };
}

/**
 * The year of LICENSE's copyright line, the first year of a range
 * ("2019-2024"); the license text's own line (the FSF's, in the GPL family)
 * is no project's. Else the current year.
 */
export async function detectYear(dir: string, now: Date): Promise<Found<number>> {
  for (const file of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'COPYING']) {
    const text = await readText(dir, file);
    if (text === undefined) continue;
    for (const [, year, holder] of text.matchAll(/^[ \t]*Copyright[ \t]+(?:\(c\)|©)?[ \t]*(\d{4})\S*[ \t]*(.*)$/gim)) {
      if (/free software foundation/i.test(holder ?? '')) continue;
      return { value: Number(year), from: `the copyright line of ${file}` };
    }
    return {
      value: now.getFullYear(),
      from: `the current year: ${file} has no copyright line of the project's own`,
      fallback: true,
    };
  }
  return { value: now.getFullYear(), from: 'the current year: the project has no LICENSE', fallback: true };
}
