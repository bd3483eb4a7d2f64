/**
 * Where things live in a generated project, in one place: `new` writes
 * there, `add` changes there and `check` looks there. POSIX paths from the
 * project root.
 */

/**
 * `.pacifica-dispatcher.json`: what the generator was told and which files
 * it manages (see state.ts).
 */
export const STATE_FILE = '.pacifica-dispatcher.json';

/** The fixture events, one directory each: `{eventId}/event.json` and `{eventId}/data/`. */
export const TEST_FILES = 'tests/test_files';

export const eventDir = (eventId: string): string => `${TEST_FILES}/${eventId}`;

/** Fixture events are the user's data: never managed, merged or compared with a template. */
export const isFixtureFile = (file: string): boolean => file.startsWith(`${TEST_FILES}/`);

/** The package, as the SOP names it from the project name's snake_case form. */
export const packageDirOf = (snake: string): string => `pacifica/dispatcher_${snake}`;

/** The route files the router loads, in the package. */
export const routeDirOf = (packageDir: string): string => `${packageDir}/jsonpath2`;

export const routeFileOf = (packageDir: string, routeName: string): string =>
  `${routeDirOf(packageDir)}/${routeName}.txt`;

/** Directories in a project that are not its own text: environments, builds, caches, version control. */
const ENVIRONMENT_AND_BUILD_DIRS = new Set([
  '.git',
  '.hg',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  'build',
  'dist',
  'node_modules',
  '__pycache__',
  '.eggs',
  '.mypy_cache',
  '.pytest_cache',
]);

/** Whether a directory of this name holds an environment, a build, a cache or version control, not the project's text. */
export const isEnvironmentOrBuildDir = (name: string): boolean =>
  ENVIRONMENT_AND_BUILD_DIRS.has(name) || name.endsWith('.egg-info');
