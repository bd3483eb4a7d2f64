/**
 * Routes: each file parses as jsonpath2 reads it, matches each of its own
 * events exactly once, and is not shadowed. Upstream's Router hands an
 * event to the first route that matches, so an event of a later route that
 * an earlier route also matches never reaches the later handler.
 */
import {
  asciiProblem,
  firstMatchingRoute,
  type JsonPath,
  JsonPathSyntaxError,
  JsonSyntaxError,
  type JsonValue,
  parseJson,
  parsePath,
  positionOf,
  proveRoute,
} from '../jsonpath/index.js';
import type { LoadedProject, ProjectRoute } from '../project/index.js';
import { STATE_FILE } from '../project/index.js';
import { type Problem, problem } from './problems.js';

/** Drops a `file:line:col: ` prefix the engine puts on its messages; the report locates problems itself. */
const unlocated = (message: string, file: string): string =>
  message.replace(/^route /, '').replace(new RegExp(`^${escapeRegExp(file)}(?:(?::\\d+){0,2}: | )`), '');
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Parses a route as upstream would, or reports why it cannot be read. */
function parseRoute(route: ProjectRoute, source: string, problems: Problem[]): JsonPath | undefined {
  if (route.unreadable !== undefined) {
    problems.push(problem('error', 'route', route.file, route.unreadable));
    return undefined;
  }
  if (route.text === undefined) {
    problems.push(problem('error', 'route', route.file, `missing: ${source} routes events to it`));
    return undefined;
  }
  const encoding = asciiProblem(route.file, route.text);
  if (encoding) {
    const { line, column } = positionOf(route.text, route.text.search(/[^\x00-\x7f]/));
    problems.push(problem('error', 'route', route.file, unlocated(encoding, route.file), { line, column: column + 1 }));
    return undefined;
  }
  try {
    return parsePath(route.text, { file: route.file });
  } catch (error) {
    if (!(error instanceof JsonPathSyntaxError)) throw error;
    problems.push(
      problem('error', 'route', route.file, unlocated(error.message, route.file), {
        line: error.line,
        column: error.column + 1,
      }),
    );
    return undefined;
  }
}

/** Route problems of the whole project, in router order. */
export function checkRoutes(project: LoadedProject): Problem[] {
  const problems: Problem[] = [];
  const source = project.state ? STATE_FILE : `${project.packageDir}/router.py`;
  if (project.routes.length === 0) {
    problems.push(
      problem(
        'error',
        'route',
        `${project.packageDir}/jsonpath2`,
        `no route: ${source} routes no event to any handler, so the dispatcher does nothing`,
      ),
    );
  }
  const parsed = new Map(project.routes.map((route) => [route.name, parseRoute(route, source, problems)]));
  for (const file of project.unusedRouteFiles) {
    problems.push(
      problem('warning', 'route', file, `not used: ${source} has no route for it, so it never routes an event`),
    );
  }
  const docs = new Map<string, JsonValue>();
  for (const event of project.events) {
    if (event.text === undefined) continue;
    try {
      docs.set(event.eventId, parseJson(event.text));
    } catch (error) {
      // The event check reports invalid JSON; JSON.parse there takes any depth, the router does not.
      if (error instanceof JsonSyntaxError && error.pythonType === 'RecursionError') {
        problems.push(
          problem(
            'error',
            'event',
            `${event.dir}/event.json`,
            `cannot be routed: ${error.reason} (Python's json module fails on it with RecursionError)`,
            { line: error.line, column: error.column },
          ),
        );
      }
    }
  }

  project.routes.forEach((route, index) => {
    const own = project.events.filter((event) => event.route === route.name && docs.has(event.eventId));
    if (project.events.every((event) => event.route !== route.name)) {
      problems.push(
        problem(
          'warning',
          'route',
          route.file,
          'no test event exercises it: add a fixture under tests/test_files/ that it matches',
        ),
      );
    }
    const path = parsed.get(route.name);
    if (!path || route.text === undefined) return;
    for (const event of own) {
      const eventFile = `${event.dir}/event.json`;
      for (const message of proveRoute({
        routeFile: route.file,
        routeText: route.text,
        events: [{ file: eventFile, text: event.text as string }],
      })) {
        problems.push(problem('error', 'route', route.file, unlocated(message, route.file)));
      }
      const doc = docs.get(event.eventId) as JsonValue;
      const earlier = firstMatchingRoute(project.routes.slice(0, index), (other) => parsed.get(other.name), doc);
      if (earlier) {
        const handler = route.handlerClass ?? 'its handler';
        problems.push(
          problem(
            'warning',
            'route',
            route.file,
            `is shadowed for ${eventFile}: the earlier route ${earlier.file} also matches it, and the router takes the first match, so ${handler} never runs for it`,
          ),
        );
      }
    }
  });

  for (const event of project.events) {
    const file = `${event.dir}/event.json`;
    if (event.route !== undefined && !project.routes.some((route) => route.name === event.route)) {
      problems.push(
        problem('error', 'route', file, `${STATE_FILE} pairs it with route "${event.route}", which does not exist`),
      );
    }
    if (event.route === undefined && event.text !== undefined && docs.has(event.eventId) && project.routes.length > 0) {
      const why = project.routes.flatMap((route) =>
        route.text === undefined || !parsed.get(route.name)
          ? []
          : proveRoute({
              routeFile: route.file,
              routeText: route.text,
              events: [{ file, text: event.text as string }],
            }),
      );
      problems.push(
        problem(
          'error',
          'route',
          file,
          `no route matches it, so the router would drop this event${why.length > 0 ? `:\n    ${why.join('\n    ')}` : ''}`,
        ),
      );
    }
  }
  return problems;
}
