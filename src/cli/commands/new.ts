import path from 'node:path';
import { quoteArg } from '../../core/command-line.js';
import { isUserError, UserError } from '../../core/errors.js';
import { NPX_COMMANDS } from '../../core/invocation.js';
import type { Io } from '../../core/io.js';
import {
  type CreateResult,
  createProject,
  type Flags,
  finaliseAnswers,
  gatherAnswers,
  type PartialAnswers,
} from '../../pipeline/index.js';
import { saveAnswers } from '../../write/index.js';
import { type RunnerFlags, runnerOptionsFrom } from './runner-flags.js';

const relativeDir = (dir: string, cwd: string): string => {
  const relative = path.relative(cwd, dir);
  return relative === ''
    ? '.'
    : relative.startsWith('..') || path.isAbsolute(relative)
      ? dir
      : `.${path.sep}${relative}`;
};

function printOutcome(
  result: CreateResult,
  flags: Flags & { json?: boolean; dryRun?: boolean },
  io: Io,
  cwd: string,
): void {
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (!result.written) {
    io.stderr.write(`Dry run: ${result.files.length} files would be written to ${result.directory}\n`);
    for (const file of result.files) io.stdout.write(`${file.path}\t${file.size}\n`);
    return;
  }
  const dir = relativeDir(result.directory, cwd);
  io.stderr.write(`\nNext:\n  cd ${dir}\n`);
  if (result.tests === undefined)
    io.stderr.write(
      `  ${io.commands?.dispatcher ?? NPX_COMMANDS.dispatcher} test      # install into .venv and run the tests\n`,
    );
  io.stderr.write(`  edit ${result.names.packageDir}/event_handlers.py   # your work goes in handle()\n`);
}

type NewFlags = Flags &
  RunnerFlags & { force?: boolean; dryRun?: boolean; json?: boolean; skipTests?: boolean; git?: boolean };

/** The commands of `pacifica-dispatcher`: a project named like one is most likely a slip. */
const DISPATCHER_COMMANDS = ['new', 'check', 'test', 'add', 'jsonpath', 'smoke', 'help'];

function warnCommandName(projectName: string | undefined, io: Io): void {
  const name = projectName?.trim().toLowerCase();
  if (name === undefined || !DISPATCHER_COMMANDS.includes(name)) return;
  io.stderr.write(
    `⚠ "${projectName}" is also a pacifica-dispatcher command; this creates a new project named "${projectName}".\n` +
      `  To run the command instead: ${io.commands?.dispatcher ?? NPX_COMMANDS.dispatcher} ${name}\n`,
  );
}

/**
 * A failure after the questions keeps the answers: they are saved, and the
 * error says how to run again from them.
 */
async function withSavedAnswers(error: UserError, given: PartialAnswers, flags: NewFlags, io: Io): Promise<UserError> {
  // Saving is a courtesy while another error is reported: a file system that refuses it must not hide that error.
  const file = await saveAnswers(given).catch((error: NodeJS.ErrnoException) => {
    if (error.code === undefined) throw error;
    return undefined;
  });
  if (file === undefined) return error;
  const options = [
    flags.skipTests ? ' --skip-tests' : '',
    flags.force ? ' --force' : '',
    flags.git === false ? ' --no-git' : '',
  ].join('');
  const command = `${io.commands?.create ?? NPX_COMMANDS.create} --answers ${quoteArg(file)}${options}`;
  return new UserError(
    error.message,
    `${error.hint ? `${error.hint}\n  ` : ''}Your answers are saved in ${file}. Once that is fixed, run again from them:\n    ${command}`,
    error.exitCode,
  );
}

/** --with and --junit shape the test run; with --skip-tests there is none, and silently ignoring them would hide that. */
function refuseTestFlagsWithoutTests(flags: NewFlags): void {
  if (flags.skipTests !== true && flags.dryRun !== true) return;
  const given = [
    ...((flags.with ?? []).length > 0 ? ['--with'] : []),
    ...(flags.junit !== undefined ? ['--junit'] : []),
  ];
  if (given.length === 0) return;
  const skip = flags.skipTests === true ? '--skip-tests' : '--dry-run';
  throw new UserError(
    `${given.join(' and ')} ${given.length === 1 ? 'applies' : 'apply'} to the project's tests, which ${skip} does not run.`,
    `Drop ${skip} to run the tests, or drop ${given.join(' and ')}.`,
    2,
  );
}

/** `new`: answers -> project -> tests; returns the exit code. */
export async function newCommand(
  projectName: string | undefined,
  flags: NewFlags,
  io: Io,
  cwd: string,
): Promise<number> {
  warnCommandName(projectName, io);
  // Flags that cannot work are said before any question is asked.
  const tests = runnerOptionsFrom(flags, cwd);
  refuseTestFlagsWithoutTests(flags);
  const { given, asked } = await gatherAnswers(projectName, flags, io, cwd, {
    force: flags.force === true,
    author: async () => (await import('../../runner/index.js')).readGitIdentity(cwd, io),
  });
  let result: CreateResult;
  try {
    result = await createProject(
      finaliseAnswers(given, cwd),
      {
        force: flags.force === true,
        dryRun: flags.dryRun === true,
        skipTests: flags.skipTests === true,
        git: flags.git !== false,
        tests,
      },
      io,
    );
  } catch (error) {
    if (asked && isUserError(error)) throw await withSavedAnswers(error, given, flags, io);
    throw error;
  }
  printOutcome(result, flags, io, cwd);
  return result.tests?.exitCode ?? 0;
}
