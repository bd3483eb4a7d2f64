import { constants, openSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import path from 'node:path';
import { UserError } from './errors.js';
import type { Io } from './io.js';
import { deriveNames } from './naming.js';
import { answersFromStateFile, isStateFile } from './replay.js';
import { DEFAULT_EVENT_TYPE, DEFAULT_MIMETYPE, defaultKeyValue, SOP_SOURCE } from './routes.js';
import type { Answers, CiAnswers, KeyValueFilter, Names, RouteAnswers } from './types.js';
import {
  normaliseSubdir, parseKeyValue, validateCiList, validateEmail, validateEventType, validateMimetype, validateSource,
} from './validate.js';

/** The options of `new`, as commander parses them. */
export interface Flags {
  directory?: string;
  yes?: boolean;
  description?: string;
  author?: string;
  authorEmail?: string;
  keyValue?: string[];
  mimetype?: string;
  subdir?: string;
  /** false with --no-file-filter */
  fileFilter?: boolean;
  eventType?: string;
  /** false with --no-source */
  source?: string | false;
  fixture?: string[];
  ci?: string;
  answers?: string;
}

/**
 * Answers before defaults: what flags, the answers file and prompts said.
 * `null` means "explicitly none" (no file filter, no source check).
 */
export interface PartialAnswers {
  projectName?: string;
  directory?: string;
  description?: string;
  author?: string;
  authorEmail?: string;
  keyValues?: string[];
  mimetype?: string | null;
  subdir?: string;
  eventType?: string;
  source?: string | null;
  fixtures?: string[];
  ci?: string[];
}

const ANSWER_KEYS: Record<keyof PartialAnswers, 'string' | 'string[]' | 'string|null'> = {
  projectName: 'string', directory: 'string', description: 'string', author: 'string', authorEmail: 'string',
  keyValues: 'string[]', mimetype: 'string|null', subdir: 'string', eventType: 'string', source: 'string|null',
  fixtures: 'string[]', ci: 'string[]',
};

/**
 * The answers file's text. A named pipe (`--answers <(...)`, or a FIFO a
 * script writes later) is read in the event loop: a plain read would block a
 * worker thread until a writer comes, and Node cannot exit, not even on
 * Ctrl-C or SIGTERM, while that thread waits.
 */
async function readAnswersText(file: string): Promise<string> {
  if (!(await stat(file)).isFIFO()) return readFile(file, 'utf8');
  const pipe = new Socket({ fd: openSync(file, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  pipe.setEncoding('utf8');
  let text = '';
  for await (const chunk of pipe) text += chunk as string;
  return text;
}

/**
 * Reads an answers file (JSON), or a project's state file, which replays
 * that project. Relative paths in it are relative to the file.
 */
export async function readAnswersFile(file: string): Promise<PartialAnswers> {
  const text = await readAnswersText(file).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'it does not exist' : error.code === 'EISDIR' ? 'it is a directory' : error.code === 'EACCES' ? 'permission denied' : error.message;
    throw new UserError(`Cannot read answers file "${file}": ${why}.`, 'Check the path given to --answers.');
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`Answers file "${file}" is not valid JSON: ${(error as Error).message}.`, `Fix the JSON; \`python3 -m json.tool ${file}\` shows where it breaks.`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UserError(`Answers file "${file}" must hold a JSON object.`, `Write e.g. {"projectName": "Hello, world!"}.`);
  }
  if (isStateFile(raw)) return answersFromStateFile(file, text);
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const expected = Object.hasOwn(ANSWER_KEYS, key) ? ANSWER_KEYS[key as keyof PartialAnswers] : undefined;
    if (expected === undefined) {
      throw new UserError(`Answers file "${file}" has an unknown key "${key}".`, `Known keys: ${Object.keys(ANSWER_KEYS).join(', ')}.`);
    }
    const ok = expected === 'string[]'
      ? Array.isArray(value) && value.every((item) => typeof item === 'string')
      : typeof value === 'string' || (expected === 'string|null' && value === null);
    if (!ok) {
      const shape = expected === 'string[]' ? 'an array of strings' : expected === 'string|null' ? 'a string or null' : 'a string';
      throw new UserError(`Answers file "${file}": "${key}" must be ${shape}.`, 'Fix that value in the answers file.');
    }
    answers[key] = value;
  }
  const base = path.dirname(path.resolve(file));
  if (answers.fixtures) answers.fixtures = (answers.fixtures as string[]).map((fixture) => path.resolve(base, fixture));
  if (typeof answers.directory === 'string') answers.directory = path.resolve(base, answers.directory);
  return answers as PartialAnswers;
}

/** The answers the command-line flags give. */
export function answersFromFlags(projectName: string | undefined, flags: Flags, cwd: string): PartialAnswers {
  const answers: PartialAnswers = {};
  if (projectName !== undefined) answers.projectName = projectName;
  if (flags.directory !== undefined) answers.directory = path.resolve(cwd, flags.directory);
  if (flags.description !== undefined) answers.description = flags.description;
  if (flags.author !== undefined) answers.author = flags.author;
  if (flags.authorEmail !== undefined) answers.authorEmail = flags.authorEmail;
  if (flags.keyValue !== undefined) answers.keyValues = flags.keyValue;
  if (flags.fileFilter === false) answers.mimetype = null;
  else if (flags.mimetype !== undefined) answers.mimetype = flags.mimetype;
  if (flags.subdir !== undefined) answers.subdir = flags.subdir;
  if (flags.eventType !== undefined) answers.eventType = flags.eventType;
  if (flags.source === false) answers.source = null;
  else if (flags.source !== undefined) answers.source = flags.source;
  if (flags.fixture !== undefined) answers.fixtures = flags.fixture.map((fixture) => path.resolve(cwd, fixture));
  if (flags.ci !== undefined) answers.ci = flags.ci.split(',').map((item) => item.trim()).filter(Boolean);
  return answers;
}

/** Layers answers: earlier arguments win (flags, then file, then prompts). */
export function mergeAnswers(...layers: PartialAnswers[]): PartialAnswers {
  const merged: PartialAnswers = {};
  for (const layer of [...layers].reverse()) Object.assign(merged, layer);
  return merged;
}

function check(problem: string | undefined, flag: string): void {
  if (problem !== undefined) throw new UserError(problem, `Fix the value of ${flag} (or in the answers file).`);
}

type RouteFields = Pick<PartialAnswers, 'keyValues' | 'mimetype' | 'subdir' | 'eventType' | 'source'>;

/**
 * Validates a route's answers and fills defaults: `defaults` supplies what
 * is not given (the SOP's values for a new project; the first route's
 * eventType and source for a route added later).
 */
export function finaliseRoute(partial: RouteFields, defaults: { keyValue: KeyValueFilter; eventType: string; source: string | undefined }): RouteAnswers {
  const keyValues: KeyValueFilter[] = (partial.keyValues ?? []).map((spec) => {
    const parsed = parseKeyValue(spec);
    if (typeof parsed === 'string') throw new UserError(parsed, 'Fix the value of --key-value (or "keyValues" in the answers file).');
    return parsed;
  });
  const duplicate = keyValues.find((kv, index) => keyValues.findIndex((other) => other.key === kv.key) !== index);
  if (duplicate) throw new UserError(`Key-value key "${duplicate.key}" is given twice.`, 'Give each key once.');

  const fileFilter = partial.mimetype !== null;
  const mimetype = partial.mimetype ?? DEFAULT_MIMETYPE;
  if (fileFilter) check(validateMimetype(mimetype), '--mimetype');
  if (!fileFilter && partial.subdir !== undefined) {
    throw new UserError('A subdir was given for a route without a file filter (--subdir with --no-file-filter, or "subdir" with "mimetype": null).', 'A subdir belongs to the route\'s Files clause: drop one of the two.');
  }
  const subdirResult = normaliseSubdir(partial.subdir ?? '');
  if ('problem' in subdirResult) throw new UserError(subdirResult.problem, 'Fix the value of --subdir.');

  const eventType = partial.eventType ?? defaults.eventType;
  check(validateEventType(eventType), '--event-type');
  const source = partial.source === null ? undefined : partial.source ?? defaults.source;
  if (source !== undefined) check(validateSource(source), '--source');
  return {
    keyValues: partial.keyValues === undefined ? [defaults.keyValue] : keyValues,
    ...(fileFilter ? { mimetype, subdir: subdirResult.subdir } : {}),
    eventType,
    ...(source !== undefined ? { source } : {}),
  };
}

/** Applies defaults and validates everything; the single source of Answers. */
export function finaliseAnswers(partial: PartialAnswers, cwd: string): Answers {
  if (partial.projectName === undefined) {
    throw new UserError('No project name given.', 'Pass it as the first argument, e.g. create-pacifica-dispatcher "Hello, world!", or as "projectName" in --answers.');
  }
  const names = deriveNames(partial.projectName);
  const route = finaliseRoute(partial, { keyValue: defaultKeyValue(names), eventType: DEFAULT_EVENT_TYPE, source: SOP_SOURCE });
  check(validateEmail(partial.authorEmail ?? ''), '--author-email');

  const ciList = partial.ci ?? ['github'];
  check(validateCiList(ciList), '--ci');
  const ci: CiAnswers = { github: ciList.includes('github'), travis: ciList.includes('travis'), appveyor: ciList.includes('appveyor') };

  return {
    projectName: names.projectName,
    directory: partial.directory ?? path.resolve(cwd, names.repository),
    description: partial.description ?? defaultDescription(names),
    author: partial.author ?? '',
    authorEmail: partial.authorEmail ?? '',
    route,
    fixtures: partial.fixtures ?? [],
    ci,
  };
}

/** No trailing period: a project name may end with its own punctuation. */
export const defaultDescription = (names: Names): string => `A Pacifica dispatcher: ${names.projectName}`;

/** Whether to ask questions: a terminal, and no --yes. */
export const isInteractive = (flags: Flags, io: Io): boolean => io.isTTY && flags.yes !== true;

/** What flags, the answers file and prompts gave, before defaults; `asked` when a prompt was answered. */
export interface GatheredAnswers {
  given: PartialAnswers;
  asked: boolean;
}

/**
 * flags > answers file > prompts > defaults. Prompts (loaded only when
 * needed) ask only what flags and the file left open; `prompting` carries
 * what they need to check answers (--force) and to default the author.
 */
export async function gatherAnswers(
  projectName: string | undefined, flags: Flags, io: Io, cwd: string,
  prompting: { force?: boolean; author?: () => Promise<{ name?: string; email?: string }> } = {},
): Promise<GatheredAnswers> {
  const fromFlags = answersFromFlags(projectName, flags, cwd);
  const fromFile = flags.answers !== undefined ? await readAnswersFile(path.resolve(cwd, flags.answers)) : {};
  const given = mergeAnswers(fromFlags, fromFile);
  if (!isInteractive(flags, io)) return { given, asked: false };
  const { askMissing } = await import('./prompts.js');
  const author = given.author === undefined || given.authorEmail === undefined ? await prompting.author?.() : undefined;
  const asked = await askMissing(given, cwd, io, { force: prompting.force === true, ...(author ? { author } : {}) });
  return { given: mergeAnswers(given, asked), asked: Object.keys(asked).length > 0 };
}

export async function resolveAnswers(projectName: string | undefined, flags: Flags, io: Io, cwd: string): Promise<Answers> {
  return finaliseAnswers((await gatherAnswers(projectName, flags, io, cwd)).given, cwd);
}
