import { mapLimited } from '../core/concurrency.js';
import { UserError } from '../core/errors.js';
import { hashOf } from '../core/hash.js';
import type { Io } from '../core/io.js';
import type { FileMap, FixtureEvent, Names, RenderContext, RouteSpec } from '../core/types.js';
import { buildEvent, type DataFile, type FixtureOptions, readFixture, sampleData } from '../fixtures/index.js';
import { firstMatchingRoute, parseJson, parsePath, proveRoute } from '../jsonpath/index.js';
import { eventDir, type ProjectState, routeFileOf, routeText } from '../project/index.js';
import { currentTemplates, renderProject, type TemplateSet, templatesOf } from '../render/index.js';

/**
 * The steps `new` and `add` share, all in memory: fixture events built from
 * data, the proof that routes take them, and the files a project state
 * renders to.
 */

export interface PlannedEvent extends FixtureEvent {
  json: string;
  data: DataFile[];
}

export const routeFilePath = (names: Names, route: RouteSpec): string => routeFileOf(names.packageDir, route.name);

/** Fixture data must not be the project itself; links leading out of it are said aloud. */
export const fixtureOptions = (projectDir: string, io: Io): FixtureOptions => ({
  target: projectDir,
  warn: (message) => io.stderr.write(`⚠ ${message}\n`),
});

/**
 * One event per fixture (or the sample when there is none), each satisfying
 * the route by construction; transaction ids count up from `firstId`.
 */
export async function planEvents(
  route: RouteSpec,
  fixtures: string[],
  now: Date,
  firstId = 1,
  eventId?: string,
  options: FixtureOptions = {},
): Promise<PlannedEvent[]> {
  // One fixture at a time: each already hashes as many files as is safe.
  const dataSets =
    fixtures.length === 0
      ? [[sampleData(route, now)]]
      : await mapLimited(fixtures, 1, (fixture) => readFixture(fixture, route.subdir ?? '', options));
  return dataSets.map((data, index) => {
    const event = buildEvent(route, firstId + index, data, now);
    if (eventId !== undefined) event.eventID = eventId;
    return {
      eventId: event.eventID as string,
      route: route.name,
      files: data.map(({ sourcePath: _source, content: _content, mtime: _mtime, ctime: _ctime, ...file }) => file),
      json: `${JSON.stringify(event, null, 2)}\n`,
      data,
    };
  });
}

/** Adds each event's event.json and data files (streamed copies) to `files`. */
export function addEventFiles(files: FileMap, events: PlannedEvent[]): void {
  for (const event of events) {
    files.set(`${eventDir(event.eventId)}/event.json`, event.json);
    for (const file of event.data) {
      const target = `${eventDir(event.eventId)}/data/${file.path}`;
      files.set(
        target,
        file.sourcePath !== undefined
          ? { copyFrom: file.sourcePath, size: file.size, sha1: file.sha1 }
          : (file.content ?? ''),
      );
    }
  }
}

/** A route with the JSONPath text it really has (from disk, for an existing project). */
export interface RouteWithText {
  route: RouteSpec;
  text: string;
}

/**
 * Refuses a route that does not match each of its events exactly once, or
 * whose events an earlier route would take (the router uses the first
 * match, so this route's handler would never run), saying why.
 */
export function proveEvents(
  names: Names,
  subject: RouteWithText,
  earlier: RouteWithText[],
  events: PlannedEvent[],
): void {
  const { route } = subject;
  const problems = proveRoute({
    routeFile: routeFilePath(names, route),
    routeText: subject.text,
    events: events.map((event) => ({ file: `${eventDir(event.eventId)}/event.json`, text: event.json })),
  });
  const earlierPaths = new Map(
    earlier.map((other) => [other, parsePath(other.text, { file: routeFilePath(names, other.route) })]),
  );
  for (const event of events) {
    const taker = firstMatchingRoute(earlier, (other) => earlierPaths.get(other), parseJson(event.json));
    if (taker !== undefined) {
      problems.push(
        `${eventDir(event.eventId)}/event.json is also matched by the earlier route ${routeFilePath(names, taker.route)}, so the router would hand it to ${taker.route.handlerClass}, never to ${route.handlerClass}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new UserError(
      `The route does not take its test events exactly once, so its handler would never run for them:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
      'Give fixture data that satisfies the route (its key-values, and a file with the mimetype and subdir it requires), or a route that sets its events apart from earlier routes.',
    );
  }
}

/**
 * Every file the tool manages for a project in `state`: the rendered
 * templates and the route files, as the version that made the project
 * renders them (its templates when this tool has a copy, else this
 * version's), unless `set` says which.
 */
export async function managedFiles(
  names: Names,
  state: Omit<ProjectState, 'managedFiles'>,
  year: number,
  set: TemplateSet = templatesOf(state.version) ?? currentTemplates(),
): Promise<FileMap> {
  const files = await renderProject(contextFromState(names, state, year), set);
  for (const route of state.routes) files.set(routeFilePath(names, route), routeText(route));
  return files;
}

/** The templates' context for a project as its state describes it. */
function contextFromState(
  names: Names,
  state: Omit<ProjectState, 'managedFiles' | 'generator'>,
  year: number,
): RenderContext {
  return {
    names,
    description: state.description,
    author: state.author,
    authorEmail: state.authorEmail,
    toolVersion: state.version,
    year,
    routes: state.routes,
    events: state.events.map((event) => ({ ...event, files: [] })),
    ci: state.ci,
  };
}

/** The earliest year a project of this tool can carry in its LICENSE. */
const FIRST_YEAR = 2019;

/**
 * The year in the project's LICENSE, which every render must keep: the
 * state's; for a state file from before 0.2.0, which did not record it, the
 * year whose render of LICENSE is the one the state recorded the sha1 of
 * (years in the LICENSE on disk first, then this year and back); failing
 * that (an edited LICENSE), the first year the LICENSE on disk names, else
 * this year.
 */
export async function projectYear(
  names: Names,
  state: ProjectState,
  licenseOnDisk: string | undefined,
): Promise<number> {
  if (state.year !== undefined) return state.year;
  const thisYear = new Date().getFullYear();
  const recorded = state.managedFiles.LICENSE;
  if (recorded === undefined) return thisYear;
  const written = [...(licenseOnDisk ?? '').matchAll(/\b(?:19|20)\d\d\b/g)].map((match) => Number(match[0]));
  const candidates = new Set([
    ...written,
    ...Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, k) => thisYear - k),
  ]);
  const set = templatesOf(state.version) ?? currentTemplates();
  for (const year of candidates) {
    if (year < FIRST_YEAR || year > thisYear) continue;
    const render = await renderProject(contextFromState(names, state, year), set, (file) => file === 'LICENSE');
    const license = render.get('LICENSE');
    if (typeof license === 'string' && hashOf(license) === recorded) return year;
  }
  return written[0] ?? thisYear;
}
