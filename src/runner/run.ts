/**
 * Installs a generated project and runs its tests: find Python, create or
 * reuse .venv (or use the user's environment), `pip install .` and each
 * --with requirement over it, then `cd tests && python -m unittest …` (or
 * its JUnit-writing equivalent). The only module that spawns processes:
 * it owns execa and hands it to the stages in runner/.
 */

import path from 'node:path';
import { execa } from 'execa';
import { displayCommand } from '../core/command-line.js';
import { UserError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { MAX_TIMEOUT_SECONDS } from '../core/limits.js';
import { isEnvironmentProblem, leavingTreeAsItWas, prepareEnvironment, type Steps } from './environment.js';
import { type CommandResult, type Exec, runCommand, type StopReport } from './exec.js';
import { stepLine, tail } from './format.js';
import { type GitOutcome, gitIdentity, initRepository, type RunGit, workTreeChanges } from './git.js';
import { junitNotWritten, unittestArgs } from './junit.js';
import { buildBackendUnusable, explainPipFailure, type PipOptions, pipInstallArgs } from './pip.js';
import { showProgress } from './progress.js';
import { formatProvenance, PROVENANCE_PROBE, parseProvenance } from './provenance.js';
import { rerunHint } from './rerun.js';
import { formatSummary, listTestModules, parseUnittestOutput, type TestSummary } from './unittest.js';

export type { Exec } from './exec.js';
export type { GitOutcome } from './git.js';
export type { PipOptions } from './pip.js';
export type { TestSummary } from './unittest.js';

/** Exit code: every test ran and passed. */
export const EXIT_TESTS_PASSED = 0;
/** Exit code: the tests failed, errored, hung, or there were none. */
export const EXIT_TESTS_FAILED = 3;
/** Exit code: no usable Python, no venv, or pip could not install the project. */
export const EXIT_ENVIRONMENT_FAILED = 4;

export const DEFAULT_TEST_TIMEOUT_SECONDS = 600;
export const DEFAULT_PIP_TIMEOUT_SECONDS = 1200;
const PROVENANCE_TIMEOUT_MS = 60_000;

export interface RunTestsOptions {
  /** Create .venv from this interpreter instead of the first python3 found. */
  python?: string;
  /** Use this interpreter's environment as it is: no .venv. */
  usePython?: string;
  /** Install only the project, not its dependencies. */
  noDeps?: boolean;
  /** Forwarded to every pip call. */
  pip?: PipOptions;
  /**
   * Requirements installed over the project, in order, with the same pip
   * options (and --no-deps): an absolute path is a local checkout or file.
   */
  with?: string[];
  /** Write JUnit XML of the test run to this file (absolute). */
  junit?: string;
  testTimeoutSeconds?: number;
  pipTimeoutSeconds?: number;
  /** Stream subprocess output live; defaults to io.verbose. */
  verbose?: boolean;
  /** Environment of every subprocess; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export type RunStage = 'python' | 'venv' | 'install' | 'tests';

export interface RunTestsResult {
  /** EXIT_TESTS_PASSED, EXIT_TESTS_FAILED or EXIT_ENVIRONMENT_FAILED. */
  exitCode: number;
  summary?: TestSummary;
  /** The stage that failed; absent when the tests passed. */
  stage?: RunStage;
  /** One sentence: what happened. */
  message: string;
  /** The fix, then how to rerun (lines); absent when the tests passed. */
  hint?: string;
}

/**
 * Prepares the environment, installs the project in `projectDir` and runs
 * every `tests/*_test.py`. Writes one step line per stage to io.stderr, the
 * output tail of a failing step and the test summary; the caller prints
 * `message` and `hint` (formatOutcome does). The project is never removed.
 * Throws UserError only for contradictory options, never for a broken
 * environment or a failing test.
 */
export async function runProjectTests(
  projectDir: string,
  options: RunTestsOptions,
  io: Io,
  deps: { exec?: Exec; platform?: NodeJS.Platform } = {},
): Promise<RunTestsResult> {
  if (options.python !== undefined && options.usePython !== undefined) {
    throw new UserError(
      '--python and --use-python cannot be used together.',
      '--python creates .venv from that interpreter; --use-python installs into its environment without a .venv.',
    );
  }
  const testTimeout = seconds(options.testTimeoutSeconds, DEFAULT_TEST_TIMEOUT_SECONDS, '--test-timeout');
  const pipTimeout = seconds(options.pipTimeoutSeconds, DEFAULT_PIP_TIMEOUT_SECONDS, 'The pip timeout');
  const platform = deps.platform ?? process.platform;
  const verbose = options.verbose ?? io.verbose;
  const context = { exec: deps.exec ?? execa, io, verbose, platform };
  const env = options.env ?? process.env;
  const steps: Steps = {
    context,
    env,
    run: async (file, args, cwd, timeoutMs, progress) => {
      if (verbose) io.stderr.write(`$ ${displayCommand([file, ...args], platform)}\n`);
      // Verbose shows the command's own output live instead (pip's progress).
      const stop = progress !== undefined && !verbose ? showProgress(progress, io, { tty: io.isTTY }) : undefined;
      try {
        return await runCommand({ file, args, cwd, env, timeoutMs }, context);
      } finally {
        stop?.();
      }
    },
    failed: (label, result) => {
      io.stderr.write(stepLine(false, label, result.durationMs));
      if (!verbose) io.stderr.write(tail(result.output));
    },
    ok: (label, ms) => io.stderr.write(stepLine(true, label, ms)),
  };
  const dir = path.resolve(projectDir);
  let modules: string[] = [];
  const fail = (
    stage: RunStage,
    problem: { message: string; hint: string },
    summary?: TestSummary,
  ): RunTestsResult => ({
    exitCode: stage === 'tests' ? EXIT_TESTS_FAILED : EXIT_ENVIRONMENT_FAILED,
    stage,
    ...(summary ? { summary } : {}),
    message: problem.message,
    hint: `${problem.hint}\n${rerunHint(
      projectDir,
      options.usePython,
      modules,
      platform,
      stage === 'tests',
      undefined,
      options.noDeps ?? false,
      io.commands?.dispatcher,
      {
        ...(options.python !== undefined ? { python: options.python } : {}),
        ...(options.pip !== undefined ? { pip: options.pip } : {}),
        ...(options.with !== undefined && options.with.length > 0 ? { with: options.with } : {}),
        ...(options.testTimeoutSeconds !== undefined && options.testTimeoutSeconds !== DEFAULT_TEST_TIMEOUT_SECONDS
          ? { testTimeoutSeconds: options.testTimeoutSeconds }
          : {}),
      },
    )}`,
  });

  const environment = await prepareEnvironment(dir, options, steps);
  if (isEnvironmentProblem(environment)) return fail(environment.stage, environment);
  const { python, hasBuildBackend } = environment;

  // A real install, not PYTHONPATH: only that puts the project into the
  // `pacifica` namespace next to the upstream packages.
  const noDeps = options.noDeps ?? false;
  // With setuptools already there, skip build isolation (a fresh setuptools
  // per run, seconds). An installed setuptools can still fail to import
  // (a mismatched jaraco, say): pip then changed nothing, and the isolated
  // build is what works.
  const optimistic = hasBuildBackend === true && options.pip?.noBuildIsolation !== true;
  const install = (pip: PipOptions, requirement: string, progress: string) =>
    steps.run(python, pipInstallArgs(pip, noDeps, requirement), dir, pipTimeout * 1000, progress);
  const installFailed = (result: CommandResult, label: string, what?: string): RunTestsResult => {
    steps.failed(label, result);
    if (result.timedOut) {
      return fail('install', {
        message: `pip install did not finish within ${pipTimeout}s and was stopped.`,
        hint: 'Check the network or proxy, or point pip at a nearer index with --index-url or --find-links.',
      });
    }
    return fail('install', explainPipFailure(result.output, what));
  };
  const installing = `Installing the project${noDeps ? '' : ' and its dependencies'} (pip)`;
  const firstPip = optimistic ? { ...options.pip, noBuildIsolation: true } : (options.pip ?? {});
  const installed = await leavingTreeAsItWas(dir, async () => {
    const first = await install(firstPip, '.', installing);
    const retry = optimistic && first.exitCode !== 0 && !first.timedOut && buildBackendUnusable(first.output);
    return retry ? install(options.pip ?? {}, '.', installing) : first;
  });
  if (installed.exitCode !== 0) return installFailed(installed, 'Installing the project failed');
  const withDeps = noDeps ? ' (without dependencies)' : ' and its dependencies';
  steps.ok(`Installed the project${withDeps}`, installed.durationMs);

  for (const requirement of options.with ?? []) {
    // The user's pip options as given: skipping build isolation is for the
    // generated pyproject.toml, whose build needs are known; another
    // package's (setuptools_scm, say) may not be installed.
    const progress = `Installing ${requirement}${noDeps ? '' : ' and its dependencies'} (pip)`;
    const installWith = () => install(options.pip ?? {}, requirement, progress);
    // An absolute path is a local checkout, which pip builds in place too.
    const upgraded = path.isAbsolute(requirement)
      ? await leavingTreeAsItWas(requirement, installWith)
      : await installWith();
    if (upgraded.exitCode !== 0) return installFailed(upgraded, `Installing ${requirement} failed`, requirement);
    steps.ok(`Installed ${requirement}${withDeps}`, upgraded.durationMs);
  }

  // From tests/, because the tests open test_files/ relative to it.
  const testsDir = path.join(dir, 'tests');
  modules = await listTestModules(testsDir);
  if (modules.length === 0) {
    return fail('tests', {
      message: 'tests/ has no *_test.py modules to run.',
      hint: 'Test modules are named like tests/hello_world_test.py.',
    });
  }
  const provenance = await steps.run(python, ['-c', PROVENANCE_PROBE, dir], dir, PROVENANCE_TIMEOUT_MS);
  // Information only: an interpreter that cannot say leaves the line out.
  const packages = provenance.exitCode === 0 ? parseProvenance(provenance.output) : undefined;
  if (packages !== undefined) io.stderr.write(formatProvenance(packages));
  const tested = await steps.run(python, unittestArgs(modules, options.junit), testsDir, testTimeout * 1000);
  if (tested.timedOut) {
    steps.failed(`Tests timed out after ${testTimeout}s`, tested);
    return fail('tests', {
      message: `The tests did not finish within ${testTimeout}s; ${stoppedText(tested.stopped)}`,
      hint: 'A test may be waiting for a service or a lock: watch it with --verbose, or allow more time with --test-timeout SECONDS.',
    });
  }
  const summary = parseUnittestOutput(tested.output);
  const ran = summary ? `Ran ${summary.ran} test${summary.ran === 1 ? '' : 's'}` : 'Running the tests failed';
  const notWritten = options.junit === undefined ? undefined : junitNotWritten(tested.output);
  const junitLine = options.junit !== undefined && summary !== undefined ? `  JUnit XML: ${options.junit}\n` : '';
  if (notWritten !== undefined) {
    steps.failed(ran, tested);
    if (summary) io.stderr.write(`  Tests: ${formatSummary(summary)}\n`);
    return fail(
      'tests',
      {
        message: `The JUnit XML could not be written to ${options.junit}: ${notWritten}.`,
        hint: 'Give --junit a file in a directory that exists and that you can write to.',
      },
      summary,
    );
  }
  if (tested.exitCode === 0 && summary?.ok) {
    steps.ok(ran, tested.durationMs);
    io.stderr.write(`  Tests: ${formatSummary(summary)}\n${junitLine}`);
    const passed = summary.ran - summary.skipped;
    const skipped = summary.skipped > 0 ? ` (${summary.skipped} skipped)` : '';
    return {
      exitCode: EXIT_TESTS_PASSED,
      summary,
      message: `${passed} test${passed === 1 ? '' : 's'} passed${skipped}.`,
    };
  }
  steps.failed(ran, tested);
  if (summary) io.stderr.write(`  Tests: ${formatSummary(summary)}\n${junitLine}`);
  const message = !summary
    ? `The tests did not run to the end (${tested.spawnError ?? `exit ${tested.exitCode ?? 'unknown'}`}).`
    : summary.ran === 0
      ? 'No tests ran.'
      : `Tests failed: ${formatSummary(summary)}.`;
  return fail('tests', { message, hint: 'The output above shows what failed.' }, summary);
}

/** What a deadline stopped, said no further than it is known. */
function stoppedText(stopped: StopReport | undefined): string {
  if (stopped !== undefined && stopped.survivors.length > 0) {
    const pids = stopped.survivors.join(' ');
    return `they were stopped, but ${stopped.survivors.length} process${stopped.survivors.length === 1 ? '' : 'es'} they started could not be stopped and still run${stopped.survivors.length === 1 ? 's' : ''} (pid ${pids}; try kill -9 ${pids}).`;
  }
  if (stopped?.outputHeldOpen === true) {
    return 'they were stopped, but a process they started could not be found and still holds their output open (it left the process group and its environment); find it with ps and stop it.';
  }
  if (stopped?.tracked !== true) {
    return 'they were stopped with their process group (a process that left it, e.g. with setsid, cannot be found on this system and may still run).';
  }
  const escaped = stopped.escaped > 0 ? ` (${stopped.escaped} of them had left the tests' process group)` : '';
  return `they were stopped with every process they started that could be found${escaped}.`;
}

/** `✔ message` or `✖ message` and the indented hint lines, ready to print. */
export function formatOutcome(result: RunTestsResult): string {
  const mark = result.exitCode === EXIT_TESTS_PASSED ? '✔' : '✖';
  const hint = (result.hint ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => `  ${line}\n`)
    .join('');
  return `${mark} ${result.message}\n${hint}`;
}

function seconds(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_SECONDS) {
    throw new UserError(
      `${what} must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (ten years), not ${value}.`,
    );
  }
  return value;
}

/** git, quietly, with a short deadline: a hung git must not hold up a generator. */
function quietGit(io: Io, env: NodeJS.ProcessEnv = process.env): RunGit {
  const context = { exec: execa, io, verbose: false };
  return (args, cwd) => runCommand({ file: 'git', args, cwd, env, timeoutMs: 30_000 }, context);
}

/** The author git knows of (user.name, user.email), to default the author questions. */
export const readGitIdentity = (
  cwd: string,
  io: Io,
  env?: NodeJS.ProcessEnv,
): Promise<{ name?: string; email?: string }> => gitIdentity(quietGit(io, env), cwd);

/** Uncommitted changes in a project's git work tree; undefined outside one (see runner/git.ts). */
export const readWorkTreeChanges = (dir: string, io: Io, env?: NodeJS.ProcessEnv): Promise<string[] | undefined> =>
  workTreeChanges(quietGit(io, env), dir);

/** `git init` and a first commit of a generated project (see runner/git.ts for when it is skipped). */
export const initProjectRepository = (dir: string, io: Io, env?: NodeJS.ProcessEnv): Promise<GitOutcome> =>
  initRepository(quietGit(io, env), dir);
