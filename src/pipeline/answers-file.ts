import { constants, openSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { PartialAnswers } from './answers.js';
import { answersFromStateFile, isStateFile } from './replay.js';

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
