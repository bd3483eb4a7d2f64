/**
 * `pacifica-dispatcher test [dir]`: install an existing project and run its
 * tests, exactly as the generator does after writing one.
 */
import path from 'node:path';
import { UserError } from '../../core/errors.js';
import { pathKind } from '../../core/fs.js';
import type { Io } from '../../core/io.js';
import {
  type Exec,
  formatOutcome,
  listTestModules,
  type RunTestsOptions,
  runProjectTests,
} from '../../runner/index.js';

/** Refuses a directory that is not a project before anything is spawned. */
export async function assertProjectDir(dir: string): Promise<void> {
  const hint =
    'Run it in a project made by create-pacifica-dispatcher, or pass its directory: pacifica-dispatcher test <dir>';
  const what = await pathKind(dir);
  if (what !== 'dir')
    throw new UserError(`Project directory "${dir}" ${what === 'file' ? 'is a file' : 'does not exist'}.`, hint);
  const missing: string[] = [];
  const build = await Promise.all([pathKind(path.join(dir, 'pyproject.toml')), pathKind(path.join(dir, 'setup.py'))]);
  if (!build.includes('file')) missing.push('pyproject.toml or setup.py');
  if ((await pathKind(path.join(dir, 'tests'))) !== 'dir') missing.push('tests/ directory');
  if (missing.length > 0) {
    throw new UserError(
      `"${dir}" does not look like a Pacifica dispatcher project: it has no ${missing.join(' and no ')}.`,
      hint,
    );
  }
  // Before anything is installed: a project without test modules has nothing to run.
  if ((await listTestModules(path.join(dir, 'tests'))).length === 0) {
    throw new UserError(
      `"${dir}" has no test modules: tests/ holds no *_test.py file.`,
      'Test modules are named like tests/hello_world_test.py.',
    );
  }
}

/**
 * Runs the project's tests and prints the outcome on io.stderr. Returns the
 * exit code (EXIT_TESTS_PASSED, EXIT_TESTS_FAILED or
 * EXIT_ENVIRONMENT_FAILED); throws UserError when `dir` is not a project.
 */
export async function testCommand(
  dir: string | undefined,
  options: RunTestsOptions,
  io: Io,
  deps: { exec?: Exec } = {},
): Promise<number> {
  const projectDir = dir ?? '.';
  await assertProjectDir(projectDir);
  const result = await runProjectTests(projectDir, options, io, deps);
  io.stderr.write(formatOutcome(result));
  return result.exitCode;
}
