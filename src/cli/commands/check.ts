/**
 * `pacifica-dispatcher check [dir] [--format text|json|github]`: report what
 * has drifted in a dispatcher project — routes that do not parse, match or are
 * shadowed, fixtures whose data no longer match event.json, event.json that
 * lacks the SOP's structure, and names that do not follow the project name.
 */
import path from 'node:path';
import {
  type CheckReport,
  checkProject,
  formatGithubAnnotation,
  formatProblem,
  formatSummary,
} from '../../check/index.js';
import { UserError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';

/** No errors (warnings allowed). */
export const EXIT_CHECK_PASSED = 0;
/** At least one error. A directory that is not a project is a UserError, also exit 1. */
export const EXIT_CHECK_FAILED = 1;

/**
 * What goes on stdout besides the human report on stderr: nothing (`text`),
 * `{ ok, problems }` (`json`), or one GitHub Actions annotation per problem (`github`).
 */
export type CheckFormat = 'text' | 'json' | 'github';

/** Options of the `check` command. */
export interface CheckCommandOptions {
  format?: CheckFormat;
  /** `--format json`'s established spelling. */
  json?: boolean;
  /** Running as a GitHub Actions step: `github` is then the default format. */
  githubActions?: boolean;
}

/** The format asked for; `--json` with another `--format` is a usage error. */
function formatOf(opts: CheckCommandOptions): CheckFormat {
  if (opts.json && opts.format !== undefined && opts.format !== 'json') {
    throw new UserError(
      `--json is --format json, so it cannot go with --format ${opts.format}.`,
      `Give one of them: --format ${opts.format}, or --json.`,
      2,
    );
  }
  return opts.json ? 'json' : (opts.format ?? (opts.githubActions ? 'github' : 'text'));
}

/** The project directory as GitHub resolves `file=`: relative to the step's working directory, POSIX. */
function annotationBase(dir: string, cwd: string): string {
  return path.relative(cwd, path.resolve(cwd, dir)).split(path.sep).join('/');
}

function writeMachineReport(report: CheckReport, format: CheckFormat, base: string, io: Io): void {
  if (format === 'json') io.stdout.write(`${JSON.stringify({ ok: report.ok, problems: report.problems }, null, 2)}\n`);
  else if (format === 'github') {
    for (const found of report.problems) io.stdout.write(`${formatGithubAnnotation(found, base)}\n`);
  }
}

/**
 * Checks the project in `dir` (relative to `cwd`), prints one line per problem
 * and a summary on io.stderr, and what the format adds on io.stdout, and
 * returns the exit code. Throws UserError when `dir` is not a project.
 */
export async function checkCommand(dir: string, opts: CheckCommandOptions, io: Io, cwd: string): Promise<number> {
  const format = formatOf(opts);
  const report = await checkProject(dir);
  for (const found of report.problems) io.stderr.write(`${formatProblem(found)}\n`);
  io.stderr.write(`${formatSummary(report)}\n`);
  writeMachineReport(report, format, annotationBase(dir, cwd), io);
  return report.ok ? EXIT_CHECK_PASSED : EXIT_CHECK_FAILED;
}
