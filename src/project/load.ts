/**
 * The model of an existing dispatcher project on disk, for commands that
 * work on one after `new` (check, add). It reads a project this tool
 * generated (`.pacifica-dispatcher.json` says what it holds) and one made by
 * hand from pacifica-dispatcher-example (everything is inferred from the
 * layout). It only gathers facts; judging them is `check`'s job, so a
 * broken project still loads as far as it can.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { readTextIfPresent, statIfPresent } from '../core/fs.js';
import type { Names } from '../core/types.js';
import { type DirEntry, listDirIfPresent } from '../core/walk.js';
import {
  firstMatchingRoute,
  type JsonPath,
  JsonSyntaxError,
  type JsonValue,
  parseJson,
  parsePath,
} from '../jsonpath/index.js';
import { eventDir, packageDirOf, routeDirOf, STATE_FILE, TEST_FILES } from './layout.js';
import { deriveNames, namesOf } from './naming.js';
import { type ProjectState, parseState, StateFileError } from './state.js';

/** A route: its file under `jsonpath2/`, in router order. */
export interface ProjectRoute {
  /** File stem: the route file is `{packageDir}/jsonpath2/{name}.txt`. */
  name: string;
  /** POSIX path relative to the project. */
  file: string;
  /** The handler class, from the state file or router.py; undefined when unknown. */
  handlerClass?: string;
  /** The file's text, or undefined when the file does not exist. */
  text?: string;
  /** Why the file is there but cannot be read (permission, a FIFO), when it cannot. */
  unreadable?: string;
}

/** A fixture event: `tests/test_files/{eventId}/`. */
export interface ProjectEvent {
  /** The directory name (the SOP says it equals the eventID). */
  eventId: string;
  /** POSIX path of the event's directory relative to the project. */
  dir: string;
  /** The text of event.json, or undefined when it does not exist. */
  text?: string;
  /** Why event.json is there but cannot be read (permission, a FIFO), when it cannot. */
  unreadable?: string;
  /** Whether the directory exists (a state file may list one that does not). */
  exists: boolean;
  /** The route it exercises, or undefined when no route claims it. */
  route?: string;
  /** Where `route` comes from: the state file, the only route, or the first route that matches. */
  routeFrom?: 'state' | 'only-route' | 'match';
  /** Whether the state file lists it (always false without one). */
  inState: boolean;
}

export interface LoadedProject {
  /** Absolute project directory. */
  dir: string;
  state?: ProjectState;
  /** Why the state file could not be used, when it exists but is unreadable. */
  stateError?: string;
  /** From the state's project name, else from the package directory's name. */
  names: Names;
  /** Whether `names` come from the typed project name (else from a snake name, so class casing is unknown). */
  namesExact: boolean;
  /** The package directory used (POSIX, relative); it may not exist when the state names one that is gone. */
  packageDir: string;
  /** Every `pacifica/dispatcher_*` directory, sorted. */
  packageDirs: string[];
  /** Routes in router order. */
  routes: ProjectRoute[];
  /** Route files under `jsonpath2/` that no route uses. */
  unusedRouteFiles: string[];
  events: ProjectEvent[];
}

/** A route name or event id from the state file or router.py that stays where it belongs when joined to a path. */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

// Only a missing file is "no text": an unreadable one or a FIFO is said as such (and never waited on).
const readText = (file: string): Promise<string | undefined> => readTextIfPresent(file);

/** The text of a file `check` reports on, or why it cannot be read: one such file must not stop the whole check. */
async function readChecked(file: string): Promise<{ text?: string; unreadable?: string }> {
  try {
    const text = await readTextIfPresent(file);
    return text === undefined ? {} : { text };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { unreadable: `${error.message.replace(/^"[^"]*" /, '')} ${error.hint ?? ''}`.trim() };
  }
}

/** The state file, or why it cannot be used: `check` reports that and reads the layout instead. */
async function readStateFile(root: string): Promise<{ state?: ProjectState; stateError?: string }> {
  const file = path.join(root, STATE_FILE);
  const text = await readText(file);
  if (text === undefined) return {};
  try {
    return { state: parseState(text, file) };
  } catch (error) {
    if (!(error instanceof StateFileError)) throw error;
    return { stateError: error.problem };
  }
}

/** What a directory of the layout holds; nothing when it is missing. */
const listIfPresent = async (dir: string): Promise<DirEntry[]> => (await listDirIfPresent(dir)) ?? [];

/**
 * Names from a package directory's snake name. The typed project name is
 * unknown, so casing of class names is a guess; callers compare by words.
 */
function namesFromSnake(snake: string): Names {
  try {
    return deriveNames(snake);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // A name `new` would refuse (too long, "fixtures") can still exist on disk.
    const pascal = snake
      .split('_')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('');
    return namesOf(snake, { kebab: snake.replaceAll('_', '-'), snake, pascal });
  }
}

/**
 * The `add_route(...)` calls of router.py, in order: which route file each
 * reads (a `'name.txt'` literal or `route_file('name')`) and the first
 * `…EventHandler` it names. A heuristic, as hand-written routers vary.
 */
export function routerRoutes(routerText: string): { name: string; handlerClass?: string }[] {
  const calls = routerText.split(/\badd_route\s*\(/).slice(1);
  return calls.flatMap((call) => {
    const file =
      /['"]([A-Za-z0-9_.-]+)\.txt['"]/.exec(call) ?? /route_file\(\s*['"]([A-Za-z0-9_.-]+)['"]\s*\)/.exec(call);
    if (!file?.[1]) return [];
    const handler = /\b([A-Za-z_][A-Za-z0-9_]*EventHandler)\s*\(/.exec(call)?.[1];
    return [{ name: file[1], ...(handler !== undefined ? { handlerClass: handler } : {}) }];
  });
}

function choosePackageDir(
  state: ProjectState | undefined,
  packageDirs: string[],
  withRouter: Set<string>,
): string | undefined {
  if (state) {
    const expected = namesOrUndefined(state.projectName)?.packageDir;
    if (expected && packageDirs.includes(expected)) return expected;
  }
  return (
    packageDirs.find((dir) => withRouter.has(dir)) ??
    packageDirs[0] ??
    (state ? namesOrUndefined(state.projectName)?.packageDir : undefined)
  );
}

function namesOrUndefined(projectName: string): Names | undefined {
  try {
    return deriveNames(projectName);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

/**
 * Loads the project at `dir`. Throws UserError only when `dir` is not a
 * dispatcher project at all (no state file and no `pacifica/dispatcher_*`).
 * `ignoreState` reads it as if it had no state file (`adopt` infers the
 * state from the layout, and compares it with one it may have written).
 */
export async function loadProject(dir: string, { ignoreState = false } = {}): Promise<LoadedProject> {
  const root = path.resolve(dir);
  const info = await statIfPresent(root, { what: 'Project directory', shownAs: dir });
  if (!info?.isDirectory())
    throw new UserError(
      `Project directory "${dir}" ${info ? 'is not a directory' : 'does not exist'}.`,
      'Pass the directory of a dispatcher project.',
    );

  const { state, stateError } = ignoreState ? {} : await readStateFile(root);

  const packageDirs = (await listIfPresent(path.join(root, 'pacifica')))
    .filter((entry) => entry.kind === 'directory' && /^dispatcher_[A-Za-z0-9_]+$/.test(entry.name))
    .map((entry) => `pacifica/${entry.name}`);
  const withRouter = new Set<string>();
  for (const pkg of packageDirs) {
    if ((await statIfPresent(path.join(root, pkg, 'router.py')))?.isFile()) withRouter.add(pkg);
  }
  const packageDir = choosePackageDir(state, packageDirs, withRouter);
  if (packageDir === undefined) {
    throw new UserError(
      `"${dir}" is not a Pacifica dispatcher project: it has no ${STATE_FILE} and no pacifica/dispatcher_* package directory.`,
      'Run it in a project made by create-pacifica-dispatcher or from pacifica-dispatcher-example, or pass its directory.',
    );
  }
  const stateNames = state ? namesOrUndefined(state.projectName) : undefined;
  const names = stateNames ?? namesFromSnake(packageDir.slice(packageDirOf('').length));

  const routeDir = routeDirOf(packageDir);
  const routeFiles = (await listIfPresent(path.join(root, routeDir)))
    .filter((entry) => entry.kind !== 'directory' && entry.name.endsWith('.txt'))
    .map((entry) => entry.name.slice(0, -4));
  // A route router.py names but whose file is gone stays in the list: check reports it missing.
  const fromRouter = routerRoutes((await readText(path.join(root, packageDir, 'router.py'))) ?? '');
  const specs: { name: string; handlerClass?: string }[] = state
    ? state.routes.map((route) => ({ name: route.name, handlerClass: route.handlerClass }))
    : fromRouter.length > 0
      ? fromRouter
      : routeFiles.map((name) => ({ name }));
  const routes: ProjectRoute[] = [];
  for (const spec of specs) {
    if (routes.some((route) => route.name === spec.name)) continue;
    const file = `${routeDir}/${spec.name}.txt`;
    const read =
      routeFiles.includes(spec.name) || SAFE_SEGMENT.test(spec.name) ? await readChecked(path.join(root, file)) : {};
    routes.push({ ...spec, file, ...read });
  }
  const unusedRouteFiles = routeFiles
    .filter((name) => !routes.some((route) => route.name === name))
    .map((name) => `${routeDir}/${name}.txt`);

  return {
    dir: root,
    ...(state ? { state } : {}),
    ...(stateError ? { stateError } : {}),
    names,
    namesExact: stateNames !== undefined,
    packageDir,
    packageDirs,
    routes,
    unusedRouteFiles,
    events: await loadEvents(root, state, routes),
  };
}

async function loadEvents(
  root: string,
  state: ProjectState | undefined,
  routes: ProjectRoute[],
): Promise<ProjectEvent[]> {
  const onDisk = (await listIfPresent(path.join(root, TEST_FILES)))
    .filter((entry) => entry.kind === 'directory')
    .map((entry) => entry.name);
  const listed = new Map((state?.events ?? []).map((event) => [event.eventId, event.route]));
  const ids = [...new Set([...onDisk, ...listed.keys()])];
  const paths = routes.map((route) => ({ name: route.name, path: tryParse(route) }));
  const events: ProjectEvent[] = [];
  for (const eventId of ids) {
    const dir = eventDir(eventId);
    const { text, unreadable } =
      onDisk.includes(eventId) || SAFE_SEGMENT.test(eventId)
        ? await readChecked(path.join(root, dir, 'event.json'))
        : {};
    const stated = listed.get(eventId);
    const only = routes.length === 1 ? routes[0]?.name : undefined;
    const matched =
      stated === undefined && only === undefined && text !== undefined ? routeForEvent(paths, text) : undefined;
    const pairing =
      stated !== undefined
        ? { route: stated, routeFrom: 'state' as const }
        : only !== undefined
          ? { route: only, routeFrom: 'only-route' as const }
          : matched !== undefined
            ? { route: matched, routeFrom: 'match' as const }
            : {};
    events.push({
      eventId,
      dir,
      exists: onDisk.includes(eventId),
      inState: listed.has(eventId),
      ...(text !== undefined ? { text } : {}),
      ...(unreadable !== undefined ? { unreadable } : {}),
      ...pairing,
    });
  }
  return events;
}

function tryParse(route: ProjectRoute): JsonPath | undefined {
  if (route.text === undefined) return undefined;
  try {
    return parsePath(route.text, { file: route.file });
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

/** The router's choice for an event, by its text: none when the text is not JSON the router reads. */
function routeForEvent(routes: { name: string; path: JsonPath | undefined }[], eventText: string): string | undefined {
  let doc: JsonValue;
  try {
    doc = parseJson(eventText);
  } catch (error) {
    // The event check reports the invalid JSON.
    if (error instanceof JsonSyntaxError) return undefined;
    throw error;
  }
  return firstMatchingRoute(routes, (route) => route.path, doc)?.name;
}
