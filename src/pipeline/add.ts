import path from 'node:path';
import { finaliseRoute, type PartialAnswers } from './answers.js';
import type { FixtureOptions } from '../fixtures/index.js';
import { UserError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { planManagedUpdate, readState, refuseConflicts } from '../project/index.js';
import { deriveNames, deriveRouteNames } from '../project/index.js';
import { exists, readTextIfPresent } from '../core/fs.js';
import { addEventFiles, contextFromState, eventDir, type PlannedEvent, planEvents, proveEvents, routeFilePath, type RouteWithText } from './plan.js';
import { type ProjectState, serialiseState, STATE_FILE } from '../project/index.js';
import { renderProject } from '../render/index.js';
import { routeSpec, routeText } from '../project/index.js';
import type { FileMap, Names, RouteSpec } from '../core/types.js';
import { validateEventId } from '../project/index.js';
import { lockedProject, updateProject } from '../write/index.js';

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
  return Promise.all(routes.map(async (route) => {
    const file = routeFilePath(names, route);
    const text = await readTextIfPresent(path.join(dir, ...file.split('/')), 'Route file');
    if (text === undefined) {
      throw new UserError(`Route file ${file} is missing.`, 'Restore it (e.g. from version control); `pacifica-dispatcher check` lists what else is missing.');
    }
    return { route, text };
  }));
}

/** The next free transaction id: one past the highest metadata.ingest.N. */
function nextTransactionId(state: ProjectState): number {
  const ids = state.events.map((event) => /^metadata\.ingest\.(\d+)$/.exec(event.eventId)?.[1]).filter(Boolean).map(Number);
  return Math.max(0, ...ids) + 1;
}

async function refuseExistingEvents(dir: string, events: PlannedEvent[], state: ProjectState): Promise<void> {
  for (const event of events) {
    if (state.events.some((known) => known.eventId === event.eventId) || await exists(path.join(dir, ...eventDir(event.eventId).split('/')))) {
      throw new UserError(`Event "${event.eventId}" already exists in ${eventDir(event.eventId)}.`, 'Choose another id with --event-id.');
    }
  }
}

/** Applies a change of state plus new files to the project on disk. */
async function applyChange(dir: string, state: ProjectState, next: ProjectState, newFiles: FileMap, force: boolean): Promise<AddResult> {
  const names = deriveNames(state.projectName);
  const year = new Date().getFullYear();
  const [before, after] = await Promise.all([
    renderProject(contextFromState(names, state, year)),
    renderProject(contextFromState(names, next, year)),
  ]);
  for (const [file, content] of newFiles) if (typeof content === 'string' && !file.startsWith('tests/test_files/')) after.set(file, content);
  for (const route of state.routes) before.set(routeFilePath(names, route), routeText(route));
  for (const route of next.routes) after.set(routeFilePath(names, route), routeText(route));

  const update = await planManagedUpdate(dir, state, before, after, force);
  refuseConflicts(update);
  const writes: FileMap = new Map([...newFiles, ...update.writes]);
  writes.set(STATE_FILE, serialiseState({ ...next, managedFiles: update.managedFiles }));
  await updateProject(dir, writes);
  return { written: [...writes.keys()].sort(), merged: update.merged, events: next.events.filter((e) => !state.events.includes(e)).map((e) => e.eventId) };
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
    throw new UserError(`The project has ${state.routes.length} routes, so the event's route must be named.`, `Add --route with one of: ${names.join(', ')}.`);
  }
  const route = state.routes.find((candidate) => candidate.name === wanted);
  if (route === undefined) throw new UserError(`The project has no route "${wanted}".`, `Its routes are: ${names.join(', ')}.`);
  return route;
}

/** The project must not copy itself into a fixture; links leading out of a fixture are said aloud. */
const fixtureOptions = (dir: string, io: Io): FixtureOptions => ({ target: dir, warn: (message) => io.stderr.write(`⚠ ${message}\n`) });

/**
 * Runs an `add` holding the project's lock, so two runs never both read the
 * same state and one's change is lost: the state is read again under it.
 */
async function underLock(dir: string, io: Io, work: (state: ProjectState) => Promise<AddResult>): Promise<AddResult> {
  await readState(dir); // Not a project: say so before creating a lock file in it.
  return lockedProject(dir, (message) => io.stderr.write(`⚠ ${message}\n`), async () => work(await readState(dir)));
}

/** Adds one event per --from path for a route, proves the route against it, and updates the tests. */
export async function addFixture(dir: string, options: AddFixtureOptions, io: Io): Promise<AddResult> {
  return underLock(dir, io, (state) => addFixtureTo(dir, state, options, io));
}

async function addFixtureTo(dir: string, state: ProjectState, options: AddFixtureOptions, io: Io): Promise<AddResult> {
  const route = pickRoute(state, options.route);
  if (options.eventId !== undefined) {
    const problem = validateEventId(options.eventId);
    if (problem) throw new UserError(problem, 'Fix the value of --event-id.');
    if (options.from.length > 1) throw new UserError('--event-id names one event, but several --from paths were given.', 'Add one fixture at a time with --event-id, or leave it out.');
  }
  const events = await planEvents(route, options.from, options.now ?? new Date(), nextTransactionId(state), options.eventId, fixtureOptions(dir, io));
  await refuseExistingEvents(dir, events, state);
  const names = deriveNames(state.projectName);
  const routeIndex = state.routes.indexOf(route);
  const onDisk = await routesOnDisk(dir, names, state.routes.slice(0, routeIndex + 1));
  proveEvents(names, onDisk[routeIndex]!, onDisk.slice(0, routeIndex), events);

  const next: ProjectState = { ...state, events: [...state.events, ...events.map(({ eventId }) => ({ eventId, route: route.name }))] };
  const newFiles: FileMap = new Map();
  addEventFiles(newFiles, events);
  const result = await applyChange(dir, state, next, newFiles, options.force ?? false);
  io.stderr.write(`✔ Added ${events.map((e) => eventDir(e.eventId)).join(', ')} for route ${routeFilePath(names, route)}\n`);
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
  return underLock(dir, io, (state) => addRouteTo(dir, state, routeName, options, io));
}

async function addRouteTo(dir: string, state: ProjectState, routeName: string, options: AddRouteOptions, io: Io): Promise<AddResult> {
  const names = deriveNames(state.projectName);
  const derived = deriveRouteNames(routeName);
  const clash = state.routes.find((route) => route.name === derived.snake || route.handlerClass === derived.handlerClass);
  if (clash) throw new UserError(`The project already has a route "${clash.name}" (${clash.handlerClass}).`, 'Choose another route name.');
  const first = state.routes[0]!;
  const answers = finaliseRoute(options.route, {
    keyValue: { key: `${derived.kebab}-key`, value: `${derived.kebab}-value` }, eventType: first.eventType, source: first.source,
  });
  const route = routeSpec(names, derived.snake, derived.handlerClass, answers);
  if (await exists(path.join(dir, ...routeFilePath(names, route).split('/')))) {
    throw new UserError(`${routeFilePath(names, route)} already exists.`, 'Choose another route name, or remove that file.');
  }
  const events = await planEvents(route, options.fixtures, options.now ?? new Date(), nextTransactionId(state), undefined, fixtureOptions(dir, io));
  await refuseExistingEvents(dir, events, state);
  proveEvents(names, { route, text: routeText(route) }, await routesOnDisk(dir, names, state.routes), events);

  const next: ProjectState = {
    ...state,
    routes: [...state.routes, route],
    events: [...state.events, ...events.map(({ eventId }) => ({ eventId, route: route.name }))],
  };
  const newFiles: FileMap = new Map();
  addEventFiles(newFiles, events);
  const result = await applyChange(dir, state, next, newFiles, options.force ?? false);
  io.stderr.write(`✔ Added route ${routeFilePath(names, route)} (${route.handlerClass}) with ${events.length} test event${events.length === 1 ? '' : 's'}\n`);
  return result;
}
