import type { Command } from 'commander';
import { CancelledError, UserError } from '../core/errors.js';
import { InterruptedError, requestStop, stopRequestedBy } from '../core/interrupt.js';
import { detectCommands } from '../core/invocation.js';
import type { Io } from '../core/io.js';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { TOOL_VERSION } from '../core/version.js';
import { blockOnFullPipe, guardOutput, OutputError } from './output.js';
import type { CommandContext } from './program.js';

/**
 * The only module that touches process.argv, exit codes and the real
 * streams. It builds the commander program, runs a command with an Io, and
 * maps every error to an exit code in one place.
 */

/** Exit codes (README "Exit codes"). */
export const EXIT = { ok: 0, userError: 1, usage: 2, bug: 70, output: 74, cancelled: 130 } as const;
/** 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT = { SIGINT: EXIT.cancelled, SIGTERM: 143, SIGHUP: 129 } as const;

blockOnFullPipe(process.stdout as { _handle?: unknown });
const output = guardOutput(process.stdout);
const io: Io = {
  stdout: output,
  stderr: process.stderr,
  // process.stdin is made on first use (a stream; for a terminal or a pipe it loads tty and net): only the
  // commands that may prompt, and --jsonl, look at it.
  get stdin() {
    return process.stdin;
  },
  get isTTY() {
    return process.stdin.isTTY === true && process.stderr.isTTY === true;
  },
  verbose: process.argv.includes('--verbose'),
  // Where this package really is (dist/..): hints then name the command that works here.
  commands: detectCommands(PACKAGE_ROOT, process.env, process.platform, process.cwd()),
};

/** The flags commander gives `.version()`: `--version` alone is answered before the program is built. */
const VERSION_FLAGS = ['--version', '-V'];

/** "✖ Interrupted", naming the signal unless it was Ctrl-C. */
const interruptedLine = (signal: keyof typeof SIGNAL_EXIT, more = ''): string =>
  `\n✖ Interrupted${signal === 'SIGINT' ? '' : ` (${signal})`}.${more}\n`;

function reportError(error: unknown): number {
  // Whatever a stopped write ended with, it cleaned up first (see core/interrupt.ts).
  const signal = (error instanceof InterruptedError ? error.signal : stopRequestedBy()) as
    | keyof typeof SIGNAL_EXIT
    | undefined;
  if (signal !== undefined) {
    const done =
      error instanceof InterruptedError && error.completed
        ? ' The write had completed: every file is in place.'
        : ' Nothing was left half-written.';
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

/** The two bins: `create-pacifica-dispatcher` is `pacifica-dispatcher new`. */
type Bin = 'create-pacifica-dispatcher' | 'pacifica-dispatcher';

/** Runs the program named `bin` on the process's arguments. */
export async function main(bin: Bin): Promise<void> {
  output.onBrokenPipe(() => process.exit(EXIT.ok));
  // Ctrl-C, `kill`, CI cancel, `docker stop`, a closed terminal: a write in progress stops cleanly first.
  for (const signal of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
    process.on(signal, () => {
      if (requestStop(signal)) return;
      io.stderr.write(interruptedLine(signal));
      process.exit(SIGNAL_EXIT[signal]);
    });
  }
  const context: CommandContext = {
    io,
    cwd: process.cwd(),
    githubActions: process.env.GITHUB_ACTIONS === 'true',
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
  const args = process.argv.slice(2);
  try {
    // What commander would print, without loading commander and every command's definition.
    if (args.length === 1 && VERSION_FLAGS.includes(args[0]!)) io.stdout.write(`${TOOL_VERSION}\n`);
    else await runProgram(bin, context);
  } catch (error) {
    process.exitCode = reportError(error);
  }
  await flushOutput();
}

/** Builds the program and runs the command the arguments name; usage errors, --help and --version end here. */
async function runProgram(bin: Bin, context: CommandContext): Promise<void> {
  const [{ buildCreateProgram, buildDispatcherProgram }, { CommanderError }] = await Promise.all([
    import('./program.js'),
    import('commander'),
  ]);
  const program = bin === 'create-pacifica-dispatcher' ? buildCreateProgram(context) : buildDispatcherProgram(context);
  // Help goes through the guarded stdout too: to a full disk or a closed stdout it fails as any output does.
  program.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  const overrideExits = (command: Command): void =>
    command.commands.forEach((sub) => {
      sub.exitOverride();
      overrideExits(sub);
    });
  overrideExits(program);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    // --help and --version end with a CommanderError too, code 0.
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
}

/** A failed write to a pipe or file shows only once the output is flushed. */
async function flushOutput(): Promise<void> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  const failure = output.failure();
  if (failure !== undefined && process.exitCode !== EXIT.output) process.exitCode = reportError(failure);
}
