import { checkbox, input, select } from '@inquirer/prompts';
import path from 'node:path';
import { defaultDescription, type PartialAnswers } from './answers.js';
import { CancelledError } from './errors.js';
import type { Io } from './io.js';
import { deriveNames, validateProjectName } from './naming.js';
import { DEFAULT_MIMETYPE, defaultKeyValue, METADATA_DEFAULT_SOURCE, SOP_SOURCE } from './routes.js';
import {
  CI_PROVIDERS, validateEmail, validateKeyValue, validateMimetype, validateSource, validateSubdir,
} from './validate.js';

/**
 * The interactive questions (@inquirer/prompts), asked only for what flags
 * and the answers file left open. Loaded lazily: non-interactive runs never
 * pay for the prompt library. Prompts draw on stderr so stdout stays clean.
 */

const asPromptResult = (problem: string | undefined): string | true => problem ?? true;
const splitList = (text: string): string[] => text.split(',').map((item) => item.trim()).filter(Boolean);

async function ask<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new CancelledError();
    throw error;
  }
}

export async function askMissing(given: PartialAnswers, cwd: string, io: Io): Promise<PartialAnswers> {
  const context = { input: io.stdin, output: io.stderr as NodeJS.WritableStream };
  const answers: PartialAnswers = {};
  const projectName = given.projectName ?? await ask(() => input({
    message: 'Project name',
    default: 'Hello, world!',
    validate: (value) => asPromptResult(validateProjectName(value)),
  }, context));
  answers.projectName = projectName;
  const names = deriveNames(projectName);

  if (given.directory === undefined) {
    const directory = await ask(() => input({ message: 'Directory', default: names.repository }, context));
    answers.directory = path.resolve(cwd, directory);
  }
  if (given.description === undefined) {
    answers.description = await ask(() => input({ message: 'Description', default: defaultDescription(names) }, context));
  }
  if (given.author === undefined) answers.author = await ask(() => input({ message: 'Author', default: '' }, context));
  if (given.authorEmail === undefined) {
    answers.authorEmail = await ask(() => input({
      message: 'Author email', default: '', validate: (value) => asPromptResult(validateEmail(value)),
    }, context));
  }
  if (given.keyValues === undefined) {
    const example = defaultKeyValue(names);
    const text = await ask(() => input({
      message: 'Key-value filters the route requires (comma-separated; key=value, or key alone to require the key)',
      default: `${example.key}=${example.value}`,
      validate: (value) => asPromptResult(splitList(value).map(validateKeyValue).find(Boolean)),
    }, context));
    answers.keyValues = splitList(text);
  }
  if (given.mimetype === undefined) {
    const mimetype = await ask(() => input({
      message: 'Mimetype of a file the route requires (empty: no file filter)',
      default: DEFAULT_MIMETYPE,
      validate: (value) => asPromptResult(value === '' ? undefined : validateMimetype(value)),
    }, context));
    answers.mimetype = mimetype === '' ? null : mimetype;
  }
  if (given.subdir === undefined && (answers.mimetype ?? given.mimetype) !== null) {
    answers.subdir = await ask(() => input({
      message: 'Subdirectory that file must be in ("" = top level)',
      default: '',
      validate: (value) => asPromptResult(validateSubdir(value)),
    }, context));
  }
  if (given.source === undefined) {
    const choice = await ask(() => select({
      message: 'Check the event source?',
      choices: [
        { name: `Yes, require "${SOP_SOURCE}" (the SOP's value)`, value: 'sop' },
        { name: 'No, accept any source', value: 'none', description: `A default Pacifica Metadata deployment sends ${METADATA_DEFAULT_SOURCE}, which the SOP value never matches.` },
        { name: 'Yes, require another value', value: 'custom' },
      ],
    }, context));
    answers.source = choice === 'sop' ? SOP_SOURCE : choice === 'none' ? null : await ask(() => input({
      message: 'Source the route requires', validate: (value) => asPromptResult(validateSource(value)),
    }, context));
  }
  if (given.fixtures === undefined) {
    const text = await ask(() => input({
      message: 'Data files or directories for test events (comma-separated; empty: a sample file)', default: '',
    }, context));
    answers.fixtures = splitList(text).map((fixture) => path.resolve(cwd, fixture));
  }
  if (given.ci === undefined) {
    answers.ci = await ask(() => checkbox({
      message: 'Continuous integration',
      choices: CI_PROVIDERS.map((provider) => ({ value: provider, checked: provider === 'github' })),
    }, context));
  }
  return answers;
}
