/**
 * `pacifica-dispatcher check [dir] [--json]`: report what has drifted in a
 * dispatcher project — routes that do not parse, match or are shadowed,
 * fixtures whose data no longer match event.json, event.json that lacks the
 * SOP's structure, and names that do not follow the project name.
 */
import { checkProject, formatProblem, formatSummary } from '../../check/index.js';
import type { Io } from '../../core/io.js';

/** No errors (warnings allowed). */
export const EXIT_CHECK_PASSED = 0;
/** At least one error. A directory that is not a project is a UserError, also exit 1. */
export const EXIT_CHECK_FAILED = 1;

/** Options of the `check` command. */
export interface CheckCommandOptions {
  /** Print `{ ok, problems }` on stdout for CI; the human report still goes to stderr. */
  json?: boolean;
}

/**
 * Checks the project in `dir` (default `.`), prints one line per problem
 * and a summary on io.stderr (and JSON on io.stdout with `json`), and
 * returns the exit code. Throws UserError when `dir` is not a project.
 */
export async function checkCommand(dir: string | undefined, opts: CheckCommandOptions, io: Io): Promise<number> {
  const report = await checkProject(dir ?? '.');
  for (const found of report.problems) io.stderr.write(`${formatProblem(found)}\n`);
  io.stderr.write(`${formatSummary(report)}\n`);
  if (opts.json) io.stdout.write(`${JSON.stringify({ ok: report.ok, problems: report.problems }, null, 2)}\n`);
  return report.ok ? EXIT_CHECK_PASSED : EXIT_CHECK_FAILED;
}
