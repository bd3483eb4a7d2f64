import { hashOf } from '../core/hash.js';
import { unmatchableReason } from '../jsonpath/index.js';
import type { CiAnswers, FileMap, FixtureEvent, RouteSpec } from '../core/types.js';
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
}

/** sha1 of every generated text file (data files are checked by `check` instead). */
export function managedFileHashes(files: FileMap): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [file, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (typeof content === 'string' && !isFixtureFile(file)) hashes[file] = hashOf(content);
  }
  return hashes;
}

export const serialiseState = (state: ProjectState): string => `${JSON.stringify(state, null, 2)}\n`;

const isString = (value: unknown): value is string => typeof value === 'string';
const isIdentifier = (value: unknown): boolean => isString(value) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value);

function routeProblem(route: Record<string, unknown>, index: number): string | undefined {
  const at = `routes[${index}]`;
  if (!isString(route.name) || !/^[a-z0-9_]+$/.test(route.name)) return `${at}.name must be a snake_case route name`;
  if (!isIdentifier(route.handlerClass)) return `${at}.handlerClass must be a Python class name`;
  if (!Array.isArray(route.keyValues)) return `${at}.keyValues must be an array`;
  const strings: [string, unknown][] = [
    ...route.keyValues.flatMap((kv: Record<string, unknown>, k: number): [string, unknown][] => [
      [`${at}.keyValues[${k}].key`, kv?.key],
      ...(kv?.value === undefined ? [] : [[`${at}.keyValues[${k}].value`, kv.value] as [string, unknown]]),
    ]),
    ...(['mimetype', 'subdir', 'source'] as const).filter((field) => route[field] !== undefined).map((field): [string, unknown] => [`${at}.${field}`, route[field]]),
    [`${at}.eventType`, route.eventType],
    [`${at}.loopBreaker.key`, (route.loopBreaker as Record<string, unknown> | undefined)?.key],
    [`${at}.loopBreaker.value`, (route.loopBreaker as Record<string, unknown> | undefined)?.value],
    [`${at}.provenanceKey`, route.provenanceKey],
  ];
  for (const [field, value] of strings) {
    if (!isString(value)) return `${field} must be a string`;
    const reason = unmatchableReason(value);
    if (reason !== undefined && !field.endsWith('provenanceKey')) return `${field} ${reason}, which no route can match`;
  }
  return undefined;
}

/**
 * What is wrong with a parsed state file, or undefined: it is read back to
 * regenerate files, so a hand-edited value must not reach a path or a template.
 */
export function stateProblem(raw: unknown): string | undefined {
  const state = raw as Record<string, unknown> | null;
  if (typeof state !== 'object' || state === null || state.generator !== 'create-pacifica-dispatcher') return 'it is not a create-pacifica-dispatcher state file';
  for (const field of ['version', 'projectName', 'description', 'author', 'authorEmail'] as const) {
    if (!isString(state[field])) return `"${field}" must be a string`;
  }
  const ci = state.ci as Record<string, unknown> | undefined;
  if (typeof ci !== 'object' || ci === null || !['github', 'travis', 'appveyor'].every((key) => typeof ci[key] === 'boolean')) return '"ci" must have github, travis and appveyor booleans';
  if (!Array.isArray(state.routes) || state.routes.length === 0) return '"routes" must list at least one route';
  for (const [index, route] of state.routes.entries()) {
    const problem = typeof route === 'object' && route !== null ? routeProblem(route as Record<string, unknown>, index) : `routes[${index}] must be an object`;
    if (problem !== undefined) return problem;
  }
  const names = new Set((state.routes as { name: string }[]).map((route) => route.name));
  if (!Array.isArray(state.events)) return '"events" must be an array';
  for (const [index, event] of (state.events as Record<string, unknown>[]).entries()) {
    if (!isString(event?.eventId) || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(event.eventId)) return `events[${index}].eventId must be a plain event id`;
    if (!isString(event.route) || !names.has(event.route)) return `events[${index}].route must name one of the routes`;
  }
  const managed = state.managedFiles as Record<string, unknown> | undefined;
  if (typeof managed !== 'object' || managed === null || !Object.values(managed).every(isString)) return '"managedFiles" must map paths to sha1 strings';
  return undefined;
}

/** The state file's content, or what is wrong with it (for `add`, and for `check`'s report). */
export function parseState(text: string): ProjectState | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return `it is not valid JSON (${(error as Error).message})`;
  }
  return stateProblem(raw) ?? (raw as ProjectState);
}
