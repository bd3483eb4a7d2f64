import path from 'node:path';
import { displayDir } from '../core/command-line.js';
import { isUserError } from '../core/errors.js';
import { statIfPresent } from '../core/fs.js';
import { deriveNames } from '../project/index.js';
import { assertWritableTarget } from '../write/index.js';
import { finaliseAnswers, type PartialAnswers } from './answers.js';
import { planProject } from './create.js';

/**
 * The checks a prompt runs on its answer before taking it, so a problem that
 * used to surface after the last question (and cost every answer) is shown
 * where it can be fixed. Each returns the problem as text, or undefined.
 */

/** The message and the fix of a UserError, as one prompt error; anything else is a bug and propagates. */
function asProblem(error: unknown): string {
  if (!isUserError(error)) throw error;
  return error.hint ? `${error.message} ${error.hint}` : error.message;
}

/** A directory `new` would refuse (a file, or not empty without --force). */
export async function directoryProblem(directory: string, force: boolean): Promise<string | undefined> {
  try {
    await assertWritableTarget(directory, force);
    return undefined;
  } catch (error) {
    return asProblem(error).replace(/\n\s*/g, ' ');
  }
}

/**
 * Fixtures that are missing, or that the route as answered so far would not
 * take: the project is planned in memory exactly as `new` will plan it.
 */
export async function fixturesProblem(
  fixtures: string[],
  sofar: PartialAnswers,
  cwd: string,
): Promise<string | undefined> {
  try {
    for (const fixture of fixtures) {
      if ((await statIfPresent(fixture, { what: 'Fixture' })) === undefined) {
        return `"${displayDir(fixture, cwd)}" does not exist. Give the path of a data file or directory.`;
      }
    }
    await planProject(finaliseAnswers({ ...sofar, fixtures }, cwd), new Date());
    return undefined;
  } catch (error) {
    return asProblem(error);
  }
}

/** What will be made, by name, for the user to confirm before anything is written. */
export function namesSummary(answers: PartialAnswers, cwd: string): string {
  const names = deriveNames(answers.projectName ?? '');
  const directory = answers.directory ?? path.resolve(cwd, names.repository);
  const rows: [string, string][] = [
    ['directory', displayDir(directory, cwd)],
    ['repository', names.repository],
    ['package', `${names.packageDir} (${names.module})`],
    ['classes', `${names.handlerClass}, ${names.testCaseClass}`],
    ['route file', `${names.packageDir}/jsonpath2/${names.routeFile}`],
    ['test file', `tests/${names.testFile}`],
  ];
  return `\nThe project "${names.projectName}":\n${rows.map(([label, value]) => `  ${label.padEnd(11)} ${value}\n`).join('')}\n`;
}
