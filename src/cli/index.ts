import { Command, CommanderError, Option } from 'commander';
import { CancelledError, UserError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { InterruptedError, requestStop, stopRequestedBy } from '../core/interrupt.js';
import { guardOutput, OutputError } from './output.js';
import { detectCommands } from '../core/invocation.js';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { TOOL_VERSION } from '../core/version.js';
import { registerAddCommands } from './commands/add.js';
import { addNewCommandOptions, newCommandAction } from './commands/new.js';
import { addRunnerOptions, runnerOptionsFrom, type RunnerFlags } from './commands/runner-flags.js';

/**
 * The only module that touches process.argv, exit codes and the real
 * streams. It builds the commander program, runs a command with an Io, and
 * maps every error to an exit code in one place.
 */

/** Exit codes (README "Exit codes"). */
export const EXIT = { ok: 0, userError: 1, usage: 2, bug: 70, output: 74, cancelled: 130 } as const;
/** 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT = { SIGINT: EXIT.cancelled, SIGTERM: 143, SIGHUP: 129 } as const;

const output = guardOutput(process.stdout);
const io: Io = {
  stdout: output,
  stderr: process.stderr,
  stdin: process.stdin,
  isTTY: process.stdin.isTTY === true && process.stderr.isTTY === true,
  verbose: process.argv.includes('--verbose'),
  // Where this package really is (dist/..): hints then name the command that works here.
  commands: detectCommands(PACKAGE_ROOT, process.env, process.platform, process.cwd()),
};

/** "✖ Interrupted", naming the signal unless it was Ctrl-C. */
const interruptedLine = (signal: keyof typeof SIGNAL_EXIT, more = ''): string =>
  `\n✖ Interrupted${signal === 'SIGINT' ? '' : ` (${signal})`}.${more}\n`;

function reportError(error: unknown): number {
  // Whatever a stopped write ended with, it cleaned up first (see core/interrupt.ts).
  const signal = (error instanceof InterruptedError ? error.signal : stopRequestedBy()) as keyof typeof SIGNAL_EXIT | undefined;
  if (signal !== undefined) {
    const done = error instanceof InterruptedError && error.completed ? ' The write had completed: every file is in place.' : ' Nothing was left half-written.';
    io.stderr.write(interruptedLine(signal, done));
    return SIGNAL_EXIT[signal];
  }
  if (error instanceof CancelledError) {
    io.stderr.write('✖ Cancelled. Nothing was written.\n');
    return EXIT.cancelled;
  }
  if (error instanceof OutputError) {
    io.stderr.write(`✖ ${error.message}\n  Write it to a file or a pipe that can take it (check the disk space).\n`);
    return EXIT.output;
  }
  if (error instanceof UserError) {
    io.stderr.write(`✖ ${error.message}\n`);
    if (error.hint) io.stderr.write(`  ${error.hint}\n`);
    if (io.verbose && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  io.stderr.write(`✖ ${(error as Error)?.stack ?? String(error)}\n`);
  io.stderr.write('  This is a bug in create-pacifica-dispatcher, please report it with the command you ran.\n');
  return EXIT.bug;
}

function configureNew(command: Command): Command {
  addNewCommandOptions(command);
  addRunnerOptions(command);
  return command.action(async (projectName: string | undefined, flags) => {
    process.exitCode = await newCommandAction(projectName, flags, io, process.cwd());
  });
}

function buildDispatcherProgram(): Command {
  const program = new Command('pacifica-dispatcher')
    .description('Create and maintain Pacifica dispatcher projects.')
    .version(TOOL_VERSION);
  configureNew(program.command('new').description('Create a new dispatcher project (same as create-pacifica-dispatcher).'));

  program.command('jsonpath')
    .description('Match a jsonpath2 route file or expression against a JSON document, as upstream jsonpath2 0.4.5 does.')
    .argument('[route-or-expression]', 'a route file, or a jsonpath2 expression (not with --jsonl)')
    .argument('[json-file]', 'the JSON document; "-" or absent: standard input')
    .option('--jsonl', 'batch mode: read {"path", "doc"} lines on stdin, write one result line each')
    .addOption(new Option('--contains', 'accept the `contains` operator (jsonpath2 after 0.4.5)'))
    .action(async (expression: string | undefined, input: string | undefined, flags: { jsonl?: boolean; contains?: boolean }) => {
      const { jsonpathCommand } = await import('./commands/jsonpath.js');
      process.exitCode = await jsonpathCommand({
        ...(expression !== undefined ? { expression } : {}), ...(input !== undefined ? { input } : {}),
        jsonl: flags.jsonl === true, contains: flags.contains === true,
      }, io);
    });

  const test = program.command('test')
    .description('Install a dispatcher project into a virtualenv and run its tests.')
    .argument('[dir]', 'the project directory', '.');
  addRunnerOptions(test).action(async (dir: string, flags: RunnerFlags) => {
    const { testCommand } = await import('./commands/test.js');
    process.exitCode = await testCommand(dir, runnerOptionsFrom(flags, process.cwd()), io);
  });
  program.command('check')
    .description('Check a dispatcher project: routes parse and match their events once, fixtures match their data, names follow the SOP.')
    .argument('[dir]', 'the project directory', '.')
    .option('--json', 'print {"ok", "problems": [...]} on stdout, for CI')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const { checkCommand } = await import('./commands/check.js');
      process.exitCode = await checkCommand(dir, { json: flags.json === true }, io);
    });

  registerAddCommands(program, io, process.cwd(), (code) => {
    process.exitCode = code;
  });
  return program;
}

const createExamples = (): string => `
Examples:
  $ create-pacifica-dispatcher                                  ask for everything
  $ create-pacifica-dispatcher "Hello, world!" --yes --no-source
  $ create-pacifica-dispatcher Spectra --yes --key-value kind=spectrum --mimetype text/csv --fixture ./run-17

Existing projects: pacifica-dispatcher check | test | add route | add fixture | jsonpath
(${io.commands?.dispatcher ?? 'pacifica-dispatcher'} --help)`;

function buildCreateProgram(): Command {
  return configureNew(new Command('create-pacifica-dispatcher').version(TOOL_VERSION)).addHelpText('after', createExamples());
}

/** Runs the program named `bin` on the process's arguments. */
export async function main(bin: 'create-pacifica-dispatcher' | 'pacifica-dispatcher'): Promise<void> {
  output.onBrokenPipe(() => process.exit(EXIT.ok));
  // Ctrl-C, `kill`, CI cancel, `docker stop`, a closed terminal: a write in progress stops cleanly first.
  for (const signal of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
    process.on(signal, () => {
      if (requestStop(signal)) return;
      io.stderr.write(interruptedLine(signal));
      process.exit(SIGNAL_EXIT[signal]);
    });
  }
  const program = bin === 'create-pacifica-dispatcher' ? buildCreateProgram() : buildDispatcherProgram();
  program.exitOverride().configureOutput({ writeErr: (text) => io.stderr.write(text) });
  const overrideExits = (command: Command): void => command.commands.forEach((sub) => { sub.exitOverride(); overrideExits(sub); });
  overrideExits(program);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with a CommanderError too, code 0.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = reportError(error);
  }
  // A failed write to a pipe or file shows only once the output is flushed.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  const failure = output.failure();
  if (failure !== undefined && process.exitCode !== EXIT.output) process.exitCode = reportError(failure);
}
