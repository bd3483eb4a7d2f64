import { constants, openSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import path from 'node:path';
import * as v from 'valibot';
import { UserError } from '../core/errors.js';
import type { PartialAnswers } from './answers.js';
import { answersFromStateFile, isStateFile } from './replay.js';

const text = v.optional(v.string('a string'));
const textOrNone = v.optional(v.nullable(v.string('a string or null')));
const texts = v.optional(v.array(v.string('an array of strings'), 'an array of strings'));

/** Each answer's schema; its message is what the value must be. */
const ANSWER_ENTRIES = {
  projectName: text,
  directory: text,
  description: text,
  author: text,
  authorEmail: text,
  keyValues: texts,
  mimetype: textOrNone,
  subdir: text,
  eventType: text,
  source: textOrNone,
  fixtures: texts,
  ci: texts,
} satisfies Record<keyof PartialAnswers, v.GenericSchema>;

const KNOWN_KEY = 'a known key';

/**
 * Plain answers: a JSON object of known keys. Keys are checked on the object
 * as parsed, as valibot's objects pass over `__proto__` and `constructor`
 * without a word.
 */
const answersSchema = v.pipe(
  v.custom<Record<string, unknown>>((raw) => typeof raw === 'object' && raw !== null && !Array.isArray(raw)),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const input = dataset.value;
    const key = Object.keys(input).find((own) => !Object.hasOwn(ANSWER_ENTRIES, own));
    if (key === undefined) return;
    addIssue({ expected: KNOWN_KEY, path: [{ type: 'object', origin: 'key', input, key, value: input[key] }] });
  }),
  v.object(ANSWER_ENTRIES),
);

/** The error for the first problem valibot found in the answers file. */
function answersFileError(file: string, issue: v.BaseIssue<unknown>): UserError {
  const key = issue.path?.[0]?.key;
  if (key === undefined) {
    const example = '{"projectName": "Hello, world!"}';
    return new UserError(`Answers file "${file}" must hold a JSON object.`, `Write e.g. ${example}.`);
  }
  if (issue.expected === KNOWN_KEY) {
    const known = Object.keys(ANSWER_ENTRIES).join(', ');
    return new UserError(`Answers file "${file}" has an unknown key "${String(key)}".`, `Known keys: ${known}.`);
  }
  const must = `must be ${issue.message}`;
  return new UserError(`Answers file "${file}": "${String(key)}" ${must}.`, 'Fix that value in the answers file.');
}

/**
 * The answers file's text. A named pipe (`--answers <(...)`, or a FIFO a
 * script writes later) is read in the event loop: a plain read would block a
 * worker thread until a writer comes, and Node cannot exit, not even on
 * Ctrl-C or SIGTERM, while that thread waits.
 */
async function readAnswersText(file: string): Promise<string> {
  if (!(await stat(file)).isFIFO()) return readFile(file, 'utf8');
  const pipe = new Socket({
    fd: openSync(file, constants.O_RDONLY | constants.O_NONBLOCK),
    readable: true,
    writable: false,
  });
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
    const why =
      error.code === 'ENOENT'
        ? 'it does not exist'
        : error.code === 'EISDIR'
          ? 'it is a directory'
          : error.code === 'EACCES'
            ? 'permission denied'
            : error.message;
    throw new UserError(`Cannot read answers file "${file}": ${why}.`, 'Check the path given to --answers.');
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `Answers file "${file}" is not valid JSON: ${(error as Error).message}.`,
      `Fix the JSON; \`python3 -m json.tool ${file}\` shows where it breaks.`,
    );
  }
  if (isStateFile(raw)) return answersFromStateFile(file, text);
  const result = v.safeParse(answersSchema, raw, { abortEarly: true });
  if (!result.success) throw answersFileError(file, result.issues[0]);
  // The file's own object, not valibot's copy: it keeps the file's order of keys in the answers a failed `new` saves.
  const answers = { ...(raw as PartialAnswers) };
  const base = path.dirname(path.resolve(file));
  if (answers.fixtures) answers.fixtures = answers.fixtures.map((fixture) => path.resolve(base, fixture));
  if (answers.directory !== undefined) answers.directory = path.resolve(base, answers.directory);
  return answers;
}
