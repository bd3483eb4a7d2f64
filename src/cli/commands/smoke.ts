/**
 * `pacifica-dispatcher smoke`: the set of representative projects
 * (pipeline/smoke.ts), generated, checked and tested in one environment,
 * as one table on stdout; the progress of each goes to stderr.
 */
import { UserError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { rowPassed, runSmoke, type SmokeRow } from '../../pipeline/index.js';
import {
  EXIT_ENVIRONMENT_FAILED,
  EXIT_TESTS_FAILED,
  EXIT_TESTS_PASSED,
  formatDuration,
  type RunStage,
} from '../../runner/index.js';
import { checkCommand, EXIT_CHECK_FAILED, EXIT_CHECK_PASSED } from './check.js';
import { type RunnerFlags, runnerOptionsFrom } from './runner-flags.js';

export interface SmokeFlags extends RunnerFlags {
  only?: string[];
  keep?: boolean;
  skipTests?: boolean;
}

const STAGE_FAILED: Record<RunStage, string> = {
  python: 'no environment',
  venv: 'no environment',
  install: 'install failed',
  tests: 'tests failed',
};

/** The Result column: what went wrong, or `passed`. */
function rowResult(row: SmokeRow, skipTests: boolean): string {
  if (row.checked === undefined) return row.notRun ?? 'not generated';
  const check = row.checked ? [] : ['check failed'];
  if (skipTests) return [...check, 'tests skipped'].join(', ');
  const tests =
    row.notRun ?? (row.tests?.exitCode === EXIT_TESTS_PASSED ? undefined : STAGE_FAILED[row.tests?.stage ?? 'tests']);
  const problems = [...check, ...(tests === undefined ? [] : [tests])];
  return problems.length === 0 ? 'passed' : problems.join(', ');
}

/**
 * One line per project: tests run, failed (failures and errors), time
 * (generating, checking, installing, testing) and the result; then a
 * verdict line naming the projects that failed.
 */
export function formatSmokeTable(rows: SmokeRow[], skipTests: boolean): string {
  const cells = rows.map((row) => {
    const summary = row.tests?.summary;
    return [
      row.name,
      summary === undefined ? '-' : String(summary.ran),
      summary === undefined ? '-' : String(summary.failures + summary.errors),
      formatDuration(row.ms),
      rowResult(row, skipTests),
    ];
  });
  const header = ['Project', 'Tests', 'Failed', 'Time', 'Result'];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: string[]): string =>
    `${values
      .map((value, column) =>
        column === 0 || column === 4 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd()}\n`;
  const failed = rows.filter((row) => !rowPassed(row, skipTests)).map((row) => row.name);
  const verdict =
    failed.length === 0
      ? `✔ ${rows.length} of ${rows.length} projects ${skipTests ? 'generated and checked' : 'passed'}.\n`
      : `✖ ${failed.length} of ${rows.length} projects failed: ${failed.join(', ')}.\n`;
  return [line(header), ...cells.map(line), verdict].join('');
}

/** 3 when tests failed, else 4 when an environment could not be made, else 1 when a check failed; 0 when all passed. */
export function smokeExitCode(rows: SmokeRow[], skipTests: boolean): number {
  if (rows.every((row) => rowPassed(row, skipTests))) return EXIT_TESTS_PASSED;
  if (rows.some((row) => row.tests?.exitCode === EXIT_TESTS_FAILED)) return EXIT_TESTS_FAILED;
  if (rows.some((row) => row.tests?.exitCode === EXIT_ENVIRONMENT_FAILED || (row.checked && row.notRun)))
    return EXIT_ENVIRONMENT_FAILED;
  return EXIT_CHECK_FAILED;
}

export async function smokeCommand(flags: SmokeFlags, io: Io, cwd: string): Promise<number> {
  const skipTests = flags.skipTests === true;
  if (skipTests && (flags.junit !== undefined || flags.with !== undefined)) {
    throw new UserError(
      `--skip-tests runs no tests, so ${flags.junit !== undefined ? '--junit' : '--with'} would do nothing.`,
      'Drop one of the two.',
      2,
    );
  }
  const tests = runnerOptionsFrom(flags, cwd);
  const result = await runSmoke(
    {
      ...(flags.only !== undefined ? { only: flags.only } : {}),
      keep: flags.keep === true,
      skipTests,
      tests,
      // `check` as the command runs it, its report on stderr only: stdout is the table's.
      check: async (dir) => (await checkCommand(dir, { format: 'text' }, io, cwd)) === EXIT_CHECK_PASSED,
    },
    io,
  );
  io.stderr.write('\n');
  io.stdout.write(formatSmokeTable(result.rows, skipTests));
  const code = smokeExitCode(result.rows, skipTests);
  if (tests.junit !== undefined) io.stderr.write(`ℹ JUnit XML of every project's tests: ${tests.junit}\n`);
  if (result.kept !== undefined) io.stderr.write(`ℹ The projects are kept in ${result.kept}\n`);
  else if (code !== EXIT_TESTS_PASSED)
    io.stderr.write('  To look into a project, run again with --keep (and --only NAME for that one).\n');
  return code;
}
