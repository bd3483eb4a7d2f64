/**
 * The SOP naming convention, applied to a project that exists: the package
 * directory, handler class, test module and class, and route file all
 * follow from the project name (project/naming.ts). Without a state file the typed
 * name is unknown, so names are compared by their words, not their casing.
 */
import path from 'node:path';
import { readTextIfPresent } from '../core/fs.js';
import { type LoadedProject, nameWords, STATE_FILE } from '../project/index.js';
import { type Problem, problem } from './problems.js';

/** Whether two names are the same name in different forms. */
export const sameName = (a: string, b: string): boolean => nameWords(a).join(' ') === nameWords(b).join(' ');

const classesIn = (text: string): string[] =>
  [...text.matchAll(/^[ \t]*class[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm)].map((match) => match[1] as string);

/** Whether `wanted` is among `defined`: exactly when the typed name is known, else by words. */
function defines(defined: readonly string[], wanted: string, suffix: string, exact: boolean): boolean {
  if (defined.includes(wanted)) return true;
  return (
    !exact &&
    defined.some(
      (name) => name.endsWith(suffix) && sameName(name.slice(0, -suffix.length), wanted.slice(0, -suffix.length)),
    )
  );
}

const readText = (file: string): Promise<string | undefined> => readTextIfPresent(file);

/** Names that do not follow the project name (leftovers in text are leftovers.ts's). */
export async function checkNames(project: LoadedProject): Promise<Problem[]> {
  const { names, packageDir, state } = project;
  const problems: Problem[] = [];
  const error = (file: string, message: string): void => void problems.push(problem('error', 'names', file, message));
  const named = state ? `the project name "${state.projectName}"` : `the package directory ${packageDir}`;

  if (project.stateError)
    error(STATE_FILE, `cannot be used: ${project.stateError}; names and routes are inferred from the layout instead`);
  if (state && !project.namesExact)
    error(
      STATE_FILE,
      `its projectName "${state.projectName}" gives no names (see README "Naming"); names are inferred from ${packageDir}`,
    );
  if (state && project.namesExact && !project.packageDirs.includes(names.packageDir)) {
    const found = project.packageDirs[0];
    if (found)
      error(
        found,
        `does not follow the project name "${state.projectName}": the SOP names its package directory ${names.packageDir}`,
      );
    else error(names.packageDir, `missing: the package directory of project "${state.projectName}"`);
  }
  for (const other of project.packageDirs.filter((dir) => dir !== packageDir)) {
    error(
      other,
      `a second package directory: the project's package is ${packageDir}; remove or merge this one (a leftover of a copied project?)`,
    );
  }

  const handlersFile = `${packageDir}/event_handlers.py`;
  const handlersText = await readText(path.join(project.dir, handlersFile));
  if (handlersText === undefined) error(handlersFile, 'missing: the SOP puts the event handlers here');
  else {
    const defined = classesIn(handlersText);
    const wanted = new Set([
      names.handlerClass,
      ...(state ? project.routes.map((route) => route.handlerClass).filter((c): c is string => c !== undefined) : []),
    ]);
    for (const handler of wanted) {
      if (!defines(defined, handler, 'EventHandler', project.namesExact)) {
        const why =
          handler === names.handlerClass
            ? `the SOP's handler class for ${named}`
            : `the handler class ${STATE_FILE} gives a route`;
        error(
          handlersFile,
          `does not define class ${handler}, ${why}${defined.length > 0 ? ` (it defines ${defined.join(', ')})` : ''}`,
        );
      }
    }
  }

  const testFile = `tests/${names.testFile}`;
  const testText = await readText(path.join(project.dir, testFile));
  if (testText === undefined) error(testFile, `missing: the SOP's test module for ${named}`);
  else if (!defines(classesIn(testText), names.testCaseClass, 'TestCase', project.namesExact)) {
    error(testFile, `does not define class ${names.testCaseClass}, the SOP's test class for ${named}`);
  }

  const routeName = names.routeFile.slice(0, -'.txt'.length);
  const routeFiles = [...project.routes.map((route) => route.file), ...project.unusedRouteFiles];
  if (!project.routes.some((route) => route.name === routeName) && routeFiles.length > 0) {
    const found = routeFiles.map((file) => path.posix.basename(file)).join(', ');
    error(
      `${packageDir}/jsonpath2`,
      `has no route file ${names.routeFile}, the SOP's route for ${named} (found ${found})`,
    );
  }
  return problems;
}
