/**
 * Route proof: a Pacifica route must match each of its fixture events
 * exactly once, at the root (the router dispatches when `match` yields
 * anything; the SOP route is a root filter, so "once at `$`" is the only
 * healthy outcome). Used by `new` before writing a project and by `check`.
 */

import { isUserError } from '../core/errors.js';
import type { JsonPath } from './ast.js';
import { formatAt } from './errors.js';
import { explainClauses } from './explain.js';
import { JsonSyntaxError, parseJson } from './json.js';
import { matchPath } from './match.js';
import { parsePath } from './parser.js';
import type { JsonValue } from './value.js';

/** Input for {@link proveRoute}. */
export interface ProveRouteInput {
  /** The route's path as shown in messages, e.g. `pacifica/dispatcher_x/jsonpath2/x.txt`. */
  routeFile: string;
  routeText: string;
  /** Fixture events: display path and JSON text. */
  events: readonly { file: string; text: string }[];
  /** Parse with the HEAD dialect (`contains`); default 0.4.5. */
  contains?: boolean;
}

/**
 * Proves a route against its events. Returns the problems, one message per
 * problem (empty = the route matches every event exactly once, at the root).
 * The route is parsed once; every match iterator is exhausted so errors that
 * upstream raises lazily surface here rather than in production.
 */
export function proveRoute(input: ProveRouteInput): string[] {
  const encoding = asciiProblem(input.routeFile, input.routeText);
  if (encoding) return [encoding];
  let path: JsonPath;
  try {
    path = parsePath(input.routeText, { file: input.routeFile, contains: input.contains });
  } catch (error) {
    if (isUserError(error)) return [`route ${error.message}`];
    throw error;
  }
  return input.events.flatMap((event) => proveEvent(path, input.routeFile, event));
}

function proveEvent(path: JsonPath, routeFile: string, event: { file: string; text: string }): string[] {
  let doc: JsonValue;
  try {
    doc = parseJson(event.text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return [`${event.file} is not valid JSON: ${error.message}`];
    throw error;
  }
  const where: string[] = [];
  try {
    for (const match of matchPath(path, doc)) where.push(match.path);
  } catch (error) {
    if (isUserError(error)) return [`route ${routeFile} fails on ${event.file}: ${error.message}`];
    throw error;
  }
  const head = `route ${routeFile} matches ${event.file}`;
  if (where.length === 1) return where[0] === '$' ? [] : [`${head} once, but at ${where[0]} instead of the root $`];
  if (where.length > 1) {
    const shown = where.slice(0, 5).join(', ') + (where.length > 5 ? ', …' : '');
    return [`${head} ${where.length} times (at ${shown}); a route must match the root exactly once`];
  }
  const clauses = explainClauses(path, doc);
  if (!clauses) return [`${head} 0 times (the route is not a root filter $[?(…)], so no clause-by-clause explanation)`];
  const failing = clauses.filter((clause) => clause.holds !== true);
  const why = failing.map(
    (clause) =>
      `clause ${clause.index} (${clause.text}) ${clause.holds === 'error' ? '' : 'is false: '}${clause.reason ?? ''}`,
  );
  if (why.length === 0) return [`${head} 0 times, although every clause holds on its own`];
  // One clause per line: routes usually fail on one or two, each with its own story.
  return [why.length === 1 ? `${head} 0 times: ${why[0]}` : `${head} 0 times:\n    ${why.join(';\n    ')}`];
}

/**
 * Upstream's `Path.parse_file` reads route files as ASCII (strict), so any
 * other character — even in a string literal, even a BOM — is a
 * UnicodeDecodeError in production.
 */
export function asciiProblem(file: string, text: string): string | undefined {
  const offset = text.search(/[^\x00-\x7f]/);
  if (offset < 0) return undefined;
  const char = String.fromCodePoint(text.codePointAt(offset) as number);
  const code = `U+${(text.codePointAt(offset) as number).toString(16).toUpperCase().padStart(4, '0')}`;
  const reason = `non-ASCII character ${JSON.stringify(char)} (${code}): jsonpath2's Path.parse_file reads route files as ASCII and would raise UnicodeDecodeError`;
  return `route ${formatAt({ file, text }, offset, reason)}`;
}
