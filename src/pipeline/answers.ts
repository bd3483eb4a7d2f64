import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { Answers, CiAnswers, KeyValueFilter, Names, RouteAnswers } from '../core/types.js';
import {
  DEFAULT_EVENT_TYPE,
  DEFAULT_MIMETYPE,
  defaultKeyValue,
  deriveNames,
  normaliseSubdir,
  parseKeyValue,
  SOP_SOURCE,
  validateCiList,
  validateEmail,
  validateEventType,
  validateKeyValue,
  validateMimetype,
  validateSource,
  validateSubdir,
} from '../project/index.js';

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
  if (flags.ci !== undefined)
    answers.ci = flags.ci
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
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
export function finaliseRoute(
  partial: RouteFields,
  defaults: { keyValue: KeyValueFilter; eventType: string; source: string | undefined },
): RouteAnswers {
  const keyValues: KeyValueFilter[] = (partial.keyValues ?? []).map((spec) => {
    const problem = validateKeyValue(spec);
    if (problem !== undefined)
      throw new UserError(problem, 'Fix the value of --key-value (or "keyValues" in the answers file).');
    return parseKeyValue(spec);
  });
  const duplicate = keyValues.find((kv, index) => keyValues.findIndex((other) => other.key === kv.key) !== index);
  if (duplicate) throw new UserError(`Key-value key "${duplicate.key}" is given twice.`, 'Give each key once.');

  const fileFilter = partial.mimetype !== null;
  const mimetype = partial.mimetype ?? DEFAULT_MIMETYPE;
  if (fileFilter) check(validateMimetype(mimetype), '--mimetype');
  if (!fileFilter && partial.subdir !== undefined) {
    throw new UserError(
      'A subdir was given for a route without a file filter (--subdir with --no-file-filter, or "subdir" with "mimetype": null).',
      "A subdir belongs to the route's Files clause: drop one of the two.",
    );
  }
  const subdirProblem = validateSubdir(partial.subdir ?? '');
  if (subdirProblem !== undefined) throw new UserError(subdirProblem, 'Fix the value of --subdir.');

  const eventType = partial.eventType ?? defaults.eventType;
  check(validateEventType(eventType), '--event-type');
  const source = partial.source === null ? undefined : (partial.source ?? defaults.source);
  if (source !== undefined) check(validateSource(source), '--source');
  return {
    keyValues: partial.keyValues === undefined ? [defaults.keyValue] : keyValues,
    ...(fileFilter ? { mimetype, subdir: normaliseSubdir(partial.subdir ?? '') } : {}),
    eventType,
    ...(source !== undefined ? { source } : {}),
  };
}

/** Applies defaults and validates everything; the single source of Answers. */
export function finaliseAnswers(partial: PartialAnswers, cwd: string): Answers {
  if (partial.projectName === undefined) {
    throw new UserError(
      'No project name given.',
      'Pass it as the first argument, e.g. create-pacifica-dispatcher "Hello, world!", or as "projectName" in --answers.',
    );
  }
  const names = deriveNames(partial.projectName);
  const route = finaliseRoute(partial, {
    keyValue: defaultKeyValue(names),
    eventType: DEFAULT_EVENT_TYPE,
    source: SOP_SOURCE,
  });
  check(validateEmail(partial.authorEmail ?? ''), '--author-email');

  const ciList = partial.ci ?? ['github'];
  check(validateCiList(ciList), '--ci');
  const ci: CiAnswers = {
    github: ciList.includes('github'),
    travis: ciList.includes('travis'),
    appveyor: ciList.includes('appveyor'),
  };

  return {
    names,
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
