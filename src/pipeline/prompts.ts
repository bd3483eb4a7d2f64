import path from 'node:path';
import { checkbox, input, select } from '@inquirer/prompts';
import { CancelledError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import {
  CI_PROVIDERS,
  DEFAULT_MIMETYPE,
  defaultKeyValue,
  deriveNames,
  METADATA_DEFAULT_SOURCE,
  SOP_SOURCE,
  validateEmail,
  validateKeyValue,
  validateMimetype,
  validateProjectName,
  validateSource,
  validateSubdir,
} from '../project/index.js';
import { defaultDescription, mergeAnswers, type PartialAnswers } from './answers.js';
import { directoryProblem, fixturesProblem, namesSummary } from './prompt-checks.js';

/**
 * The interactive questions, asked only for what flags and the answers file
 * left open. Loaded lazily: non-interactive runs never pay for the prompt
 * library. Prompts draw on stderr so stdout stays clean. Every answer is
 * checked at its own question (a prompt asks again until it is right), and
 * the derived names are shown for confirmation before anything is written.
 */

type Validate = (value: string) => string | true | Promise<string | true>;
interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

/** The prompt functions, injectable so the question logic can be tested without a terminal. */
export interface PromptFns {
  input(config: { message: string; default?: string; validate?: Validate }): Promise<string>;
  select<T>(config: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  checkbox<T extends string>(config: { message: string; choices: { value: T; checked: boolean }[] }): Promise<T[]>;
}

export interface AskOptions {
  /** --force: a non-empty directory is accepted. */
  force?: boolean;
  /** Defaults for the author questions (from git config). */
  author?: { name?: string; email?: string };
  prompts?: PromptFns;
}

const inquirer = (io: Io): PromptFns => {
  const context = { input: io.stdin, output: io.stderr as NodeJS.WritableStream };
  return {
    input: (config) => input(config, context),
    select: (config) => select(config, context),
    checkbox: (config) => checkbox(config, context),
  };
};

const asPromptResult = (problem: string | undefined): string | true => problem ?? true;
const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

async function ask<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new CancelledError();
    throw error;
  }
}

/**
 * Asks what `given` leaves open, shows the names the answers give, and asks
 * again (with the answers so far as defaults) until the user confirms.
 */
export async function askMissing(
  given: PartialAnswers,
  cwd: string,
  io: Io,
  options: AskOptions = {},
): Promise<PartialAnswers> {
  const prompts = options.prompts ?? inquirer(io);
  let previous: PartialAnswers = {};
  for (;;) {
    const answers = await askOnce(given, previous, cwd, prompts, options);
    if (Object.keys(answers).length === 0) return answers;
    io.stderr.write(namesSummary(mergeAnswers(given, answers), cwd));
    const next = await ask(() =>
      prompts.select({
        message: 'Write the project?',
        choices: [
          { name: 'Yes, write it', value: 'write' },
          { name: 'No, go back and change the answers', value: 'back' },
        ],
      }),
    );
    if (next === 'write') return answers;
    previous = answers;
  }
}

async function askOnce(
  given: PartialAnswers,
  previous: PartialAnswers,
  cwd: string,
  prompts: PromptFns,
  options: AskOptions,
): Promise<PartialAnswers> {
  const answers: PartialAnswers = {};
  const sofar = (): PartialAnswers => mergeAnswers(given, answers);
  const projectName =
    given.projectName ??
    (await ask(() =>
      prompts.input({
        message: 'Project name',
        default: previous.projectName ?? 'Hello, world!',
        validate: (value) => asPromptResult(validateProjectName(value)),
      }),
    ));
  if (given.projectName === undefined) answers.projectName = projectName;
  const names = deriveNames(projectName);

  if (given.directory === undefined) {
    const directory = await ask(() =>
      prompts.input({
        message: 'Directory',
        default: previous.directory !== undefined ? path.relative(cwd, previous.directory) || '.' : names.repository,
        validate: async (value) =>
          asPromptResult(await directoryProblem(path.resolve(cwd, value), options.force === true)),
      }),
    );
    answers.directory = path.resolve(cwd, directory);
  }
  if (given.description === undefined) {
    answers.description = await ask(() =>
      prompts.input({ message: 'Description', default: previous.description ?? defaultDescription(names) }),
    );
  }
  if (given.author === undefined) {
    answers.author = await ask(() =>
      prompts.input({ message: 'Author', default: previous.author ?? options.author?.name ?? '' }),
    );
  }
  if (given.authorEmail === undefined) {
    answers.authorEmail = await ask(() =>
      prompts.input({
        message: 'Author email',
        default: previous.authorEmail ?? options.author?.email ?? '',
        validate: (value) => asPromptResult(validateEmail(value)),
      }),
    );
  }
  if (given.keyValues === undefined) {
    const example = defaultKeyValue(names);
    const text = await ask(() =>
      prompts.input({
        message: 'Key-value filters the route requires (comma-separated; key=value, or key alone to require the key)',
        default: previous.keyValues?.join(', ') ?? `${example.key}=${example.value}`,
        validate: (value) => asPromptResult(splitList(value).map(validateKeyValue).find(Boolean)),
      }),
    );
    answers.keyValues = splitList(text);
  }
  if (given.mimetype === undefined) answers.mimetype = await askMimetype(prompts, previous);
  if (given.subdir === undefined && sofar().mimetype !== null) {
    answers.subdir = await ask(() =>
      prompts.input({
        message: 'Subdirectory that file must be in (empty: the top level)',
        default: previous.subdir ?? '',
        validate: (value) => asPromptResult(validateSubdir(value)),
      }),
    );
  }
  if (given.source === undefined) answers.source = await askSource(prompts, previous);
  if (given.fixtures === undefined) {
    const text = await ask(() =>
      prompts.input({
        message: 'Data files or directories for test events (comma-separated; empty: a sample file)',
        default: previous.fixtures?.map((fixture) => path.relative(cwd, fixture)).join(', ') ?? '',
        validate: async (value) =>
          asPromptResult(
            await fixturesProblem(
              splitList(value).map((fixture) => path.resolve(cwd, fixture)),
              sofar(),
              cwd,
            ),
          ),
      }),
    );
    answers.fixtures = splitList(text).map((fixture) => path.resolve(cwd, fixture));
  }
  if (given.ci === undefined) {
    const wanted = previous.ci ?? ['github'];
    answers.ci = await ask(() =>
      prompts.checkbox({
        message: 'Continuous integration',
        choices: CI_PROVIDERS.map((provider) => ({ value: provider, checked: wanted.includes(provider) })),
      }),
    );
  }
  return answers;
}

interface PresetQuestion {
  message: string;
  /** The default value, its choice's label and what choosing it means. */
  preset: string;
  presetName: string;
  presetDescription?: string;
  /** The choice that gives `null`. */
  noneName: string;
  customName: string;
  customMessage: string;
  validate: (value: string) => string | undefined;
}

/**
 * A value with a default, "none" (null) as a choice of its own, or a value
 * typed in: "none" could not be an empty line, which takes the default.
 * `before` (going back) preselects what was answered.
 */
async function askPreset(
  prompts: PromptFns,
  question: PresetQuestion,
  before: string | null | undefined,
): Promise<string | null> {
  const choice = await ask(() =>
    prompts.select({
      message: question.message,
      default: before === null ? 'none' : before === undefined || before === question.preset ? 'preset' : 'custom',
      choices: [
        {
          name: question.presetName,
          value: 'preset',
          ...(question.presetDescription ? { description: question.presetDescription } : {}),
        },
        { name: question.noneName, value: 'none' },
        { name: question.customName, value: 'custom' },
      ],
    }),
  );
  if (choice === 'preset') return question.preset;
  if (choice === 'none') return null;
  return ask(() =>
    prompts.input({
      message: question.customMessage,
      ...(typeof before === 'string' && before !== question.preset ? { default: before } : {}),
      validate: (value) => asPromptResult(question.validate(value)),
    }),
  );
}

const askMimetype = (prompts: PromptFns, previous: PartialAnswers): Promise<string | null> =>
  askPreset(
    prompts,
    {
      message: 'File filter: the route requires a file of which mimetype?',
      preset: DEFAULT_MIMETYPE,
      presetName: `${DEFAULT_MIMETYPE} (the SOP's)`,
      noneName: 'No file filter: the route takes events whatever files they hold',
      customName: 'Another mimetype',
      customMessage: 'Mimetype of a file the route requires',
      validate: validateMimetype,
    },
    previous.mimetype,
  );

/** The SOP's source is the default, and its consequence is said on it, not on another choice. */
const askSource = (prompts: PromptFns, previous: PartialAnswers): Promise<string | null> =>
  askPreset(
    prompts,
    {
      message: 'Check the event source?',
      preset: SOP_SOURCE,
      presetName: `Yes, require "${SOP_SOURCE}" (the SOP's value; a default Pacifica Metadata deployment never sends it)`,
      presetDescription: `A default Pacifica Metadata deployment sends ${METADATA_DEFAULT_SOURCE}, so this route matches only a deployment configured to send the SOP's value.`,
      noneName: 'No, accept any source (works with a default Pacifica Metadata deployment)',
      customName: 'Yes, require another value',
      customMessage: 'Source the route requires',
      validate: validateSource,
    },
    previous.source,
  );
