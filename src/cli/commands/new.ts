import path from 'node:path';
import type { Command } from 'commander';
import type { CreateResult, Flags, PartialAnswers } from '../../pipeline/index.js';
import { isUserError, UserError } from '../../core/errors.js';
import { NPX_COMMANDS } from '../../core/invocation.js';
import type { Io } from '../../core/io.js';
import { quoteArg } from '../../core/command-line.js';
import { SOP_SOURCE } from '../../core/sources.js';
import { addRouteOptions, collect } from './route-options.js';
import { runnerOptionsFrom, type RunnerFlags } from './runner-flags.js';

export function addNewCommandOptions(command: Command): Command {
  command
    .description('Create a complete, tested Pacifica dispatcher project.')
    .argument('[project-name]', 'the project name, e.g. "Hello, world!" (see README "Naming")')
    .option('-d, --directory <dir>', 'where to write the project (default: ./pacifica-dispatcher-{name})')
    .option('-y, --yes', 'ask nothing: use flags, the answers file and defaults')
    .option('--force', 'write into a non-empty directory (same paths are replaced, nothing else is touched)')
    .option('--dry-run', 'print the files that would be written, write nothing')
    .option('--json', 'print a machine-readable manifest on stdout (progress goes to stderr)')
    .option('--skip-tests', 'do not install the project and run its tests')
    .option('--no-git', 'do not make the project a git repository with a first commit')
    .option('--description <text>', 'one-line description of the dispatcher')
    .option('--author <name>', 'author name')
    .option('--author-email <email>', 'author email');
  return addRouteOptions(command, { keyValue: '{name}-key={name}-value', eventType: 'org.pacifica.metadata.ingest', source: `"${SOP_SOURCE}", the SOP's` })
    .option('--fixture <path>', 'a data file or directory for one test event (repeatable; default: a sample file)', collect)
    .option('--ci <providers>', 'comma-separated: github, travis, appveyor, or none (default github)')
    .option('--answers <file>', 'a JSON file of answers (flags win over it)');
}

const relativeDir = (dir: string, cwd: string): string => {
  const relative = path.relative(cwd, dir);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? dir : `.${path.sep}${relative}`;
};

function printOutcome(result: CreateResult, flags: Flags & { json?: boolean; dryRun?: boolean }, io: Io, cwd: string): void {
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
  if (result.tests === undefined) io.stderr.write(`  ${io.commands?.dispatcher ?? NPX_COMMANDS.dispatcher} test      # install into .venv and run the tests\n`);
  io.stderr.write(`  edit ${result.names.packageDir}/event_handlers.py   # your work goes in handle()\n`);
}

type NewFlags = Flags & RunnerFlags & { force?: boolean; dryRun?: boolean; json?: boolean; skipTests?: boolean; git?: boolean };

/** The commands of `pacifica-dispatcher`: a project named like one is most likely a slip. */
const DISPATCHER_COMMANDS = ['new', 'check', 'test', 'add', 'jsonpath', 'help'];

function warnCommandName(projectName: string | undefined, io: Io): void {
  const name = projectName?.trim().toLowerCase();
  if (name === undefined || !DISPATCHER_COMMANDS.includes(name)) return;
  io.stderr.write(`⚠ "${projectName}" is also a pacifica-dispatcher command; this creates a new project named "${projectName}".\n`
    + `  To run the command instead: ${io.commands?.dispatcher ?? NPX_COMMANDS.dispatcher} ${name}\n`);
}

/**
 * A failure after the questions keeps the answers: they are saved, and the
 * error says how to run again from them.
 */
async function withSavedAnswers(error: UserError, given: PartialAnswers, flags: NewFlags, io: Io): Promise<UserError> {
  const { saveAnswers } = await import('../../write/index.js');
  const file = await saveAnswers(given).catch(() => undefined);
  if (file === undefined) return error;
  const options = [flags.skipTests ? ' --skip-tests' : '', flags.force ? ' --force' : '', flags.git === false ? ' --no-git' : ''].join('');
  const command = `${io.commands?.create ?? NPX_COMMANDS.create} --answers ${quoteArg(file)}${options}`;
  return new UserError(error.message, `${error.hint ? `${error.hint}\n  ` : ''}Your answers are saved in ${file}. Once that is fixed, run again from them:\n    ${command}`, error.exitCode);
}

/** `new`: answers -> project -> tests; returns the exit code. */
export async function newCommandAction(projectName: string | undefined, flags: NewFlags, io: Io, cwd: string): Promise<number> {
  // Loaded only now: --help, --version and usage errors need none of it.
  const { createProject, finaliseAnswers, gatherAnswers } = await import('../../pipeline/index.js');
  warnCommandName(projectName, io);
  const { given, asked } = await gatherAnswers(projectName, flags, io, cwd, {
    force: flags.force === true,
    author: async () => (await import('../../runner/index.js')).readGitIdentity(cwd, io),
  });
  let result: CreateResult;
  try {
    result = await createProject(finaliseAnswers(given, cwd), {
      force: flags.force === true,
      dryRun: flags.dryRun === true,
      skipTests: flags.skipTests === true,
      git: flags.git !== false,
      tests: runnerOptionsFrom(flags, cwd),
    }, io);
  } catch (error) {
    if (asked && isUserError(error)) throw await withSavedAnswers(error, given, flags, io);
    throw error;
  }
  printOutcome(result, flags, io, cwd);
  return result.tests?.exitCode ?? 0;
}
