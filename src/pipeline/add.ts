import path from 'node:path';
import { UserError } from '../core/errors.js';
import { exists, readTextIfPresent } from '../core/fs.js';
import type { Io } from '../core/io.js';
import type { Names, RouteSpec } from '../core/types.js';
import {
  deriveNames,
  deriveRouteNames,
  eventDir,
  type ProjectState,
  readState,
  routeSpec,
  routeText,
  validateEventId,
} from '../project/index.js';
import { lockedProject, updateProject } from '../write/index.js';
import { finaliseRoute, type PartialAnswers } from './answers.js';
import { planChange } from './change.js';
import {
  fixtureOptions,
  type PlannedEvent,
  planEvents,
  projectYear,
  proveEvents,
  type RouteWithText,
  routeFilePath,
} from './plan.js';

/**
 * `add fixture` and `add route`: change a generated project as `new` would
 * have made it, proving the routes again and updating the files the tool
 * manages without losing the user's edits (see project/managed.ts).
 */

export interface AddResult {
  /** POSIX paths written, new or changed. */
  written: string[];
  merged: string[];
  events: string[];
}

/** The routes as their files on disk say, which is what the router will load. */
async function routesOnDisk(dir: string, names: Names, routes: RouteSpec[]): Promise<RouteWithText[]> {
  return Promise.all(
    routes.map(async (route) => {
      const file = routeFilePath(names, route);
      const text = await readTextIfPresent(path.join(dir, ...file.split('/')), 'Route file');
      if (text === undefined) {
        throw new UserError(
          `Route file ${file} is missing.`,
          'Restore it (e.g. from version control); `pacifica-dispatcher check` lists what else is missing.',
        );
      }
      return { route, text };
    }),
  );
}

/** The next free transaction id: one past the highest metadata.ingest.N. */
function nextTransactionId(state: ProjectState): number {
  const ids = state.events
    .map((event) => /^metadata\.ingest\.(\d+)$/.exec(event.eventId)?.[1])
    .filter(Boolean)
    .map(Number);
  return Math.max(0, ...ids) + 1;
}

async function refuseExistingEvents(dir: string, events: PlannedEvent[], state: ProjectState): Promise<void> {
  for (const event of events) {
    if (
      state.events.some((known) => known.eventId === event.eventId) ||
      (await exists(path.join(dir, ...eventDir(event.eventId).split('/'))))
    ) {
      throw new UserError(
        `Event "${event.eventId}" already exists in ${eventDir(event.eventId)}.`,
        'Choose another id with --event-id.',
      );
    }
  }
}

/** Writes the change from `state` to `next` (the events' files among it) into the project, keeping the user's edits. */
async function applyChange(
  dir: string,
  names: Names,
  state: ProjectState,
  next: ProjectState,
  events: PlannedEvent[],
  force: boolean,
): Promise<AddResult> {
  // Both renders keep the LICENSE's year (state files before 0.2.0 did not record it).
  const year = await projectYear(names, state, await readTextIfPresent(path.join(dir, 'LICENSE')));
  const before = { dir, state: { ...state, year }, force };
  const after = { ...next, year };
  const { files, merged } = await planChange({ names, before, after, events });
  await updateProject(dir, files);
  return { written: [...files.keys()].sort(), merged, events: events.map((event) => event.eventId) };
}

export interface AddFixtureOptions {
  from: string[];
  eventId?: string;
  route?: string;
  force?: boolean;
  now?: Date;
}

function pickRoute(state: ProjectState, wanted: string | undefined): RouteSpec {
  const names = state.routes.map((route) => route.name);
  if (wanted === undefined) {
    if (state.routes.length === 1) return state.routes[0]!;
    throw new UserError(
      `The project has ${state.routes.length} routes, so the event's route must be named.`,
      `Add --route with one of: ${names.join(', ')}.`,
    );
  }
  const route = state.routes.find((candidate) => candidate.name === wanted);
  if (route === undefined)
    throw new UserError(`The project has no route "${wanted}".`, `Its routes are: ${names.join(', ')}.`);
  return route;
}

/**
 * Runs an `add` holding the project's lock, so two runs never both read the
 * same state and one's change is lost: the state is read again under it.
 */
async function underLock(
  dir: string,
  io: Io,
  work: (state: ProjectState, names: Names) => Promise<AddResult>,
): Promise<AddResult> {
  await readState(dir); // Not a project: say so before creating a lock file in it.
  return lockedProject(
    dir,
    (message) => io.stderr.write(`⚠ ${message}\n`),
    async () => {
      const state = await readState(dir);
      return work(state, deriveNames(state.projectName));
    },
  );
}

/** Adds one event per --from path for a route, proves the route against it, and updates the tests. */
export async function addFixture(dir: string, options: AddFixtureOptions, io: Io): Promise<AddResult> {
  return underLock(dir, io, (state, names) => addFixtureTo(dir, state, names, options, io));
}

async function addFixtureTo(
  dir: string,
  state: ProjectState,
  names: Names,
  options: AddFixtureOptions,
  io: Io,
): Promise<AddResult> {
  const route = pickRoute(state, options.route);
  if (options.eventId !== undefined) {
    const problem = validateEventId(options.eventId);
    if (problem) throw new UserError(problem, 'Fix the value of --event-id.');
    if (options.from.length > 1)
      throw new UserError(
        '--event-id names one event, but several --from paths were given.',
        'Add one fixture at a time with --event-id, or leave it out.',
      );
  }
  const events = await planEvents(
    route,
    options.from,
    options.now ?? new Date(),
    nextTransactionId(state),
    options.eventId,
    fixtureOptions(dir, io),
  );
  await refuseExistingEvents(dir, events, state);
  const routeIndex = state.routes.indexOf(route);
  const onDisk = await routesOnDisk(dir, names, state.routes.slice(0, routeIndex + 1));
  proveEvents(names, onDisk[routeIndex]!, onDisk.slice(0, routeIndex), events);

  const next: ProjectState = {
    ...state,
    events: [...state.events, ...events.map(({ eventId }) => ({ eventId, route: route.name }))],
  };
  const result = await applyChange(dir, names, state, next, events, options.force ?? false);
  io.stderr.write(
    `✔ Added ${events.map((e) => eventDir(e.eventId)).join(', ')} for route ${routeFilePath(names, route)}\n`,
  );
  return result;
}

export interface AddRouteOptions {
  route: Pick<PartialAnswers, 'keyValues' | 'mimetype' | 'subdir' | 'eventType' | 'source'>;
  fixtures: string[];
  force?: boolean;
  now?: Date;
}

/** Adds a route file, its handler, router entry, tests and its own fixture events. */
export async function addRoute(dir: string, routeName: string, options: AddRouteOptions, io: Io): Promise<AddResult> {
  return underLock(dir, io, (state, names) => addRouteTo(dir, state, names, routeName, options, io));
}

async function addRouteTo(
  dir: string,
  state: ProjectState,
  names: Names,
  routeName: string,
  options: AddRouteOptions,
  io: Io,
): Promise<AddResult> {
  const derived = deriveRouteNames(routeName);
  const clash = state.routes.find(
    (route) => route.name === derived.snake || route.handlerClass === derived.handlerClass,
  );
  if (clash)
    throw new UserError(
      `The project already has a route "${clash.name}" (${clash.handlerClass}).`,
      'Choose another route name.',
    );
  const first = state.routes[0]!;
  const answers = finaliseRoute(options.route, {
    keyValue: { key: `${derived.kebab}-key`, value: `${derived.kebab}-value` },
    eventType: first.eventType,
    source: first.source,
  });
  const route = routeSpec(names, derived.snake, derived.handlerClass, answers);
  if (await exists(path.join(dir, ...routeFilePath(names, route).split('/')))) {
    throw new UserError(
      `${routeFilePath(names, route)} already exists.`,
      'Choose another route name, or remove that file.',
    );
  }
  const events = await planEvents(
    route,
    options.fixtures,
    options.now ?? new Date(),
    nextTransactionId(state),
    undefined,
    fixtureOptions(dir, io),
  );
  await refuseExistingEvents(dir, events, state);
  proveEvents(names, { route, text: routeText(route) }, await routesOnDisk(dir, names, state.routes), events);

  const next: ProjectState = {
    ...state,
    routes: [...state.routes, route],
    events: [...state.events, ...events.map(({ eventId }) => ({ eventId, route: route.name }))],
  };
  const result = await applyChange(dir, names, state, next, events, options.force ?? false);
  io.stderr.write(
    `✔ Added route ${routeFilePath(names, route)} (${route.handlerClass}) with ${events.length} test event${events.length === 1 ? '' : 's'}\n`,
  );
  return result;
}
