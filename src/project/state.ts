import * as v from 'valibot';
import { UserError } from '../core/errors.js';
import { hashOf } from '../core/hash.js';
import type { CiAnswers, FileMap, FixtureEvent, RouteSpec } from '../core/types.js';
import { unmatchableReason } from '../jsonpath/index.js';
import { isFixtureFile } from './layout.js';

/**
 * The state file (layout.ts STATE_FILE) at the project root: what the
 * generator was told and which files it manages, with the sha1 of what it
 * wrote, so later commands change a project without re-asking and never
 * overwrite an edit.
 */
export interface ProjectState {
  generator: 'create-pacifica-dispatcher';
  version: string;
  projectName: string;
  description: string;
  author: string;
  authorEmail: string;
  ci: CiAnswers;
  routes: RouteSpec[];
  events: Pick<FixtureEvent, 'eventId' | 'route'>[];
  /** POSIX path -> sha1 of the content the generator wrote. */
  managedFiles: Record<string, string>;
  /**
   * The copyright year the managed LICENSE was rendered with (`adopt` reads it
   * from the project's LICENSE); absent: the year of each render.
   */
  year?: number;
}

/** sha1 of every generated text file (data files are checked by `check` instead). */
export function managedFileHashes(files: FileMap): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [file, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (typeof content === 'string' && !isFixtureFile(file)) hashes[file] = hashOf(content);
  }
  return hashes;
}

const RESTORE_IT = 'Restore it from version control; `pacifica-dispatcher check` works without it.';

/**
 * A state file that cannot be used. `problem` says why, for the commands
 * that tell it in their own words (check, and --answers replaying a project).
 */
export class StateFileError extends UserError {
  constructor(
    file: string,
    readonly problem: string,
  ) {
    super(`${file} cannot be used: ${problem}.`, RESTORE_IT);
  }
}

export const serialiseState = (state: ProjectState): string => `${JSON.stringify(state, null, 2)}\n`;

/**
 * Messages say where the problem is with `{at}`, filled in from the issue's
 * path once the whole file is checked (valibot makes the message before it
 * knows the path): `"routes"` at the top level, `routes[0].name` below it.
 */
const AT = '{at}';

function where(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((item) => item.key);
  if (keys.length === 1) return `"${String(keys[0])}"`;
  return keys.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? `${key}` : `.${key}`)).join('');
}

/**
 * An object whose problems are told by its fields' messages, a missing
 * field's too (valibot reports that one on the object, not on the field);
 * `notAnObject` tells when the object itself is missing or not an object.
 */
function fields<Entries extends v.ObjectEntries>(entries: Entries, notAnObject: string) {
  return v.looseObject(entries, (issue) => {
    const key = issue.path?.at(-1)?.key;
    const missing = issue.expected !== 'Object' && typeof key === 'string' && Object.hasOwn(entries, key);
    const field = missing ? (entries[key] as { message?: string | ((of: typeof issue) => string) }) : undefined;
    const message = field?.message ?? notAnObject;
    // A missing object field (another `fields`) says what it says when it is not an object.
    return typeof message === 'string' ? message : message({ ...issue, expected: 'Object' });
  });
}

/** A string and a pattern it must match, with one message for both. */
const stringMatching = (pattern: RegExp, message: string) => v.pipe(v.string(message), v.regex(pattern, message));

const MUST_BE_STRING = `${AT} must be a string`;

/** A string a route file quotes: the router could never match one that breaks out of its quotes. */
const matchable = v.pipe(
  v.string(MUST_BE_STRING),
  v.check(
    (value) => unmatchableReason(value) === undefined,
    (issue) => `${AT} ${unmatchableReason(issue.input as string)}, which no route can match`,
  ),
);

/** An object with a `key`, said to lack one when it is not an object (a hand-edited `null`). */
const keyed = <Entries extends v.ObjectEntries>(entries: Entries) => fields(entries, `${AT}.key must be a string`);

const routeSchema = fields(
  {
    name: stringMatching(/^[a-z0-9_]+$/, `${AT} must be a snake_case route name`),
    handlerClass: stringMatching(/^[A-Za-z_][A-Za-z0-9_]*$/, `${AT} must be a Python class name`),
    keyValues: v.array(keyed({ key: matchable, value: v.optional(matchable) }), `${AT} must be an array`),
    mimetype: v.optional(matchable),
    subdir: v.optional(matchable),
    source: v.optional(matchable),
    eventType: matchable,
    loopBreaker: keyed({ key: matchable, value: matchable }),
    provenanceKey: v.string(MUST_BE_STRING),
  },
  `${AT} must be an object`,
);

const eventSchema = fields(
  {
    eventId: stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, `${AT} must be a plain event id`),
    route: v.string(`${AT} must name one of the routes`),
  },
  `${AT}.eventId must be a plain event id`,
);

const NOT_A_STATE_FILE = 'it is not a create-pacifica-dispatcher state file';
const CI = '"ci" must have github, travis and appveyor booleans';
const ROUTES = '"routes" must list at least one route';
const MANAGED_FILES = '"managedFiles" must map paths to sha1 strings';
const YEAR = '"year" must be a four-digit year';

/**
 * A parsed state file that can be trusted: it is read back to regenerate
 * files, so a hand-edited value must not reach a path or a template. The
 * first problem is told, in the order of these fields; that every event's
 * route is one of the routes is checked once the fields are right.
 */
const stateSchema = v.pipe(
  fields(
    {
      generator: v.literal('create-pacifica-dispatcher', NOT_A_STATE_FILE),
      version: v.string(MUST_BE_STRING),
      projectName: v.string(MUST_BE_STRING),
      description: v.string(MUST_BE_STRING),
      author: v.string(MUST_BE_STRING),
      authorEmail: v.string(MUST_BE_STRING),
      ci: fields({ github: v.boolean(CI), travis: v.boolean(CI), appveyor: v.boolean(CI) }, CI),
      routes: v.pipe(v.array(routeSchema, ROUTES), v.minLength(1, ROUTES)),
      events: v.array(eventSchema, '"events" must be an array'),
      managedFiles: v.record(v.string(), v.string(MANAGED_FILES), MANAGED_FILES),
      year: v.optional(v.pipe(v.number(YEAR), v.integer(YEAR), v.minValue(1000, YEAR), v.maxValue(9999, YEAR))),
    },
    NOT_A_STATE_FILE,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const names = new Set(dataset.value.routes.map((route) => route.name));
    const stray = dataset.value.events.findIndex((event) => !names.has(event.route));
    if (stray >= 0) addIssue({ message: `events[${stray}].route must name one of the routes` });
  }),
);

/**
 * A project's state file, or a StateFileError saying why it cannot be used
 * (`file` names it in the message).
 */
export function parseState(text: string, file: string): ProjectState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `it is not valid JSON (${(error as Error).message})`);
  }
  const result = v.safeParse(stateSchema, raw, { abortEarly: true });
  if (!result.success) throw new StateFileError(file, result.issues[0].message.replace(AT, where(result.issues[0])));
  // The parsed JSON itself, not valibot's copy of it, so that the fields keep their order when `add` writes it back.
  return raw as ProjectState;
}
