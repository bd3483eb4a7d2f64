import { UserError } from '../core/errors.js';
import type { Names } from '../core/types.js';
import { packageDirOf } from './layout.js';

/**
 * The SOP naming convention, as its table shows it (its prose rules
 * contradict the table; the table is what users expect):
 *
 *   "Hello, world!" -> words ["Hello", "world"]
 *     repository  pacifica-dispatcher-hello-world   (lower-case, "-")
 *     package     pacifica/dispatcher_hello_world   (lower-case, "_")
 *     classes     HelloWorldEventHandler, HelloWorldTestCase
 *
 * Rules this module owns (README "Naming"):
 * - Letters with accents lose them ("Café" -> "cafe"); a few letters without
 *   a decomposition are spelled out ("ß" -> "ss"). Any other character that
 *   is not an ASCII letter or digit separates words.
 * - camelCase and acronyms split into words ("XMLParser" -> XML Parser);
 *   letters and digits stay together ("3D viewer" -> 3D viewer).
 * - Class names keep each word as typed, with its first letter upper-cased.
 *   A class name cannot start with a digit, so "Dispatcher" goes in front;
 *   likewise "dispatcher_" before a test module name.
 * - A leading "Pacifica Dispatcher" is dropped, so the repository name gives
 *   back the same project.
 * - Python keywords cannot clash: every identifier has a prefix or suffix.
 */

export const MAX_NAME_LENGTH = 64;

/** Test-module stems the generated project uses for itself, and what for. */
const RESERVED_STEMS = new Map([
  ['fixtures', 'its fixture-integrity test'],
  ['service', 'its test of the web service and worker'],
]);

const SPELLED_OUT: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  þ: 'th',
  Þ: 'Th',
  ð: 'd',
  Ð: 'D',
  ı: 'i',
};

/** Splits a project name into ASCII words, per the rules above. */
export function splitWords(projectName: string): string[] {
  const ascii = projectName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæÆœŒøØłŁđĐþÞðÐı]/g, (letter) => SPELLED_OUT[letter] ?? '');
  const words: string[] = [];
  for (const run of ascii.split(/[^A-Za-z0-9]+/)) {
    if (run === '') continue;
    // "fooBar" -> foo|Bar, "XMLParser" -> XML|Parser; "3D" stays whole.
    words.push(...run.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/));
  }
  return words;
}

/** Returns a problem with the project name, or undefined when it is usable. */
export function validateProjectName(projectName: string): string | undefined {
  try {
    deriveNames(projectName);
    return undefined;
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
}

interface Casings {
  kebab: string;
  snake: string;
  /** UpperCamelCase, with "Dispatcher" in front when it would start with a digit. */
  pascal: string;
}

/** The casings of a project or route name, refusing one that gives none or is too long. */
function casings(kind: 'project' | 'route', typed: string, words: string[]): Casings {
  if (words.length === 0) {
    const nonAscii = /[^\x00-\x7f]/.test(typed);
    throw new UserError(
      typed === ''
        ? `The ${kind} name is empty.`
        : `The ${kind} name "${typed}" has no ${nonAscii ? 'ASCII ' : ''}letters or digits, so no Python name can be made from it.`,
      `Choose a name with ASCII letters, e.g. "${kind === 'project' ? 'Hello, world!' : 'thumbnails'}" (a transliteration works for other scripts).`,
    );
  }
  const kebab = words.map((word) => word.toLowerCase()).join('-');
  if (kebab.length > MAX_NAME_LENGTH) {
    throw new UserError(
      `The ${kind} name "${typed}" is too long: as "${kebab.slice(0, 20)}…" it has ${kebab.length} characters, at most ${MAX_NAME_LENGTH} are allowed.`,
      kind === 'project'
        ? 'Choose a shorter name; the description can say the rest (--description).'
        : 'Choose a shorter name.',
    );
  }
  const capitalised = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return {
    kebab,
    snake: kebab.replaceAll('-', '_'),
    pascal: /^[0-9]/.test(kebab) ? `Dispatcher${capitalised}` : capitalised,
  };
}

/** Derives every name of the project from the name the user typed. */
export function deriveNames(projectName: string): Names {
  const typed = projectName.trim();
  let words = splitWords(typed);
  const lower = words.map((word) => word.toLowerCase());
  if (lower[0] === 'pacifica' && lower[1] === 'dispatcher' && words.length > 2) {
    words = words.slice(2);
  }
  const { kebab, snake, pascal } = casings('project', typed, words);
  const reserved = RESERVED_STEMS.get(snake);
  if (reserved !== undefined) {
    throw new UserError(
      `The project name "${typed}" would name its test module tests/${snake}_test.py, which the generated project uses for ${reserved}.`,
      `Choose another name, e.g. "${typed} dispatcher".`,
    );
  }
  const testStem = /^[0-9]/.test(snake) ? `dispatcher_${snake}` : snake;
  return namesOf(typed, { kebab, snake, pascal }, testStem);
}

/**
 * Every name, from the name's three casings: the SOP's naming convention in
 * one place, for a typed name and for one read back from a project on disk.
 */
export function namesOf(
  projectName: string,
  casing: { kebab: string; snake: string; pascal: string },
  testStem = casing.snake,
): Names {
  const { kebab, snake, pascal } = casing;
  return {
    projectName,
    kebab,
    snake,
    pascal,
    repository: `pacifica-dispatcher-${kebab}`,
    packageName: `dispatcher_${snake}`,
    packageDir: packageDirOf(snake),
    module: `pacifica.dispatcher_${snake}`,
    handlerClass: `${pascal}EventHandler`,
    testCaseClass: `${pascal}TestCase`,
    routeFile: `${snake}.txt`,
    testFile: `${testStem}_test.py`,
  };
}

/** A route's names: "Thumbnail maker" -> thumbnail_maker(.txt), ThumbnailMakerEventHandler. */
export function deriveRouteNames(routeName: string): { kebab: string; snake: string; handlerClass: string } {
  const typed = routeName.trim();
  const { kebab, snake, pascal } = casings('route', typed, splitWords(typed));
  return { kebab, snake, handlerClass: `${pascal}EventHandler` };
}
