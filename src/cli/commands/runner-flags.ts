import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';
import { MAX_TIMEOUT_SECONDS, MIN_PYTHON } from '../../core/limits.js';
import type { RunTestsOptions } from '../../runner/index.js';
import { collect } from './route-options.js';

/** The flags `new` and `test` share for installing a project and running its tests. */
export interface RunnerFlags {
  python?: string;
  usePython?: string;
  /** false with --no-deps */
  deps?: boolean;
  indexUrl?: string;
  extraIndexUrl?: string[];
  findLinks?: string[];
  buildIsolation?: boolean;
  with?: string[];
  junit?: string;
  testTimeout?: string;
  verbose?: boolean;
}

export function addRunnerOptions(command: Command): Command {
  return command
    .option(
      '--python <path>',
      `the Python (>= ${MIN_PYTHON.join('.')}) to create the virtualenv from (default: python3)`,
    )
    .option('--use-python <path>', "install into this interpreter's existing environment instead of a new .venv")
    .option('--no-deps', 'with --use-python: install only the project (and each --with), not their dependencies')
    .option('--index-url <url>', 'pip: base URL of the package index')
    .option('--extra-index-url <url>', 'pip: an extra package index (repeatable)', collect)
    .option('--find-links <path-or-url>', 'pip: a directory or page of wheels (repeatable)', collect)
    .option('--no-build-isolation', 'pip: build the project with the packages already installed')
    .option(
      '--with <requirement>',
      'install this over the project before testing, with the same pip options (and --no-deps): ' +
        'a local checkout (a path with a / or starting with .) or a pip requirement (repeatable)',
      collect,
    )
    .option('--junit <file>', 'also write JUnit XML of every test case to this file')
    .option('--test-timeout <seconds>', 'stop the tests after this many seconds', '600')
    .option('--verbose', 'show subprocess output live, and stacks of errors');
}

/**
 * pip runs inside the project, so a local index or wheel directory given
 * relative to where the user typed the command is made absolute first.
 */
function fromCwd(location: string, cwd: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location) ? location : path.resolve(cwd, location);
}

/**
 * A --with requirement: a local path (anything with a path separator or a
 * leading dot that is no URL and no `name @ url`) is made absolute like
 * --find-links; a requirement (`pacifica-dispatcher==0.2.5`,
 * `pacifica-dispatcher @ git+https://...`) goes to pip as it is.
 */
function requirementFrom(requirement: string, cwd: string): string {
  const isPath = /^\.|[\\/]/.test(requirement) && !/@|^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(requirement);
  return isPath ? path.resolve(cwd, requirement) : requirement;
}

export function runnerOptionsFrom(flags: RunnerFlags, cwd: string): RunTestsOptions {
  const seconds = Number(flags.testTimeout ?? '600');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UserError(
      `--test-timeout "${flags.testTimeout}" is not a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (ten years).`,
      'Give e.g. --test-timeout 900; for practically no limit, --test-timeout 31536000 (a year).',
      2,
    );
  }
  if (flags.deps === false && flags.usePython === undefined) {
    throw new UserError(
      '--no-deps works only with --use-python.',
      'A new .venv needs the dependencies; to use an environment that has them, add --use-python /path/to/python.',
      2,
    );
  }
  return {
    ...(flags.python !== undefined ? { python: flags.python } : {}),
    ...(flags.usePython !== undefined ? { usePython: flags.usePython } : {}),
    noDeps: flags.deps === false,
    pip: {
      ...(flags.indexUrl !== undefined ? { indexUrl: fromCwd(flags.indexUrl, cwd) } : {}),
      extraIndexUrls: (flags.extraIndexUrl ?? []).map((location) => fromCwd(location, cwd)),
      findLinks: (flags.findLinks ?? []).map((location) => fromCwd(location, cwd)),
      noBuildIsolation: flags.buildIsolation === false,
    },
    ...(flags.with !== undefined ? { with: flags.with.map((requirement) => requirementFrom(requirement, cwd)) } : {}),
    ...(flags.junit !== undefined ? { junit: path.resolve(cwd, flags.junit) } : {}),
    testTimeoutSeconds: seconds,
    verbose: flags.verbose === true,
  };
}
