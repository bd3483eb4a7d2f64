/**
 * What `check` finds, and how it is shown. Every check returns plain
 * Problem objects; only this module decides their order and their text.
 */
import { plural } from '../core/plural.js';

export type Severity = 'error' | 'warning';
export type CheckKind = 'route' | 'fixture' | 'event' | 'names' | 'write' | 'update';

/** One finding, located in the project as precisely as it can be. */
export interface Problem {
  severity: Severity;
  check: CheckKind;
  /** POSIX path relative to the project. */
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** What is wrong; may continue on indented lines (a caret under a column, one failing clause per line). */
  message: string;
}

/** The result of {@link checkProject}: `ok` unless an error was found (warnings allowed). */
export interface CheckReport {
  ok: boolean;
  /** The project's repository name, e.g. `pacifica-dispatcher-hello-world`. */
  project: string;
  routes: number;
  events: number;
  problems: Problem[];
}

/** A small constructor, so checks read as a list of findings. */
export function problem(
  severity: Severity,
  check: CheckKind,
  file: string,
  message: string,
  at: { line?: number; column?: number } = {},
): Problem {
  return {
    severity,
    check,
    file,
    ...(at.line !== undefined ? { line: at.line } : {}),
    ...(at.column !== undefined ? { column: at.column } : {}),
    message,
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** By file, then line and column; problems without a line come first; otherwise in the order found. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => compare(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/** `file:line:col` as editors and terminals link it. */
export const location = (p: Problem): string =>
  `${p.file}${p.line !== undefined ? `:${p.line}` : ''}${p.line !== undefined && p.column !== undefined ? `:${p.column}` : ''}`;

/** One line per problem (continuation lines indented), e.g. `✖ tests/…/a.txt: size 12 differs from event.json (614)`. */
export const formatProblem = (p: Problem): string =>
  `${p.severity === 'error' ? '✖' : '⚠'} ${location(p)}: ${p.message}`;

/** GitHub's escaping of a workflow command's message, as @actions/core does it. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A property value (`file=`, `title=`) also ends at `,` and `:`. */
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * A GitHub Actions workflow command that annotates the problem's line in the
 * pull request, e.g. `::error file=p/jsonpath2/a.txt,line=1,col=5,title=route::…`.
 * `base` is the project directory relative to where GitHub resolves `file=`
 * (the workspace root: the step's working directory), POSIX, '' when it is that root.
 * A multi-line message stays one annotation (its newlines escaped).
 */
export function formatGithubAnnotation(p: Problem, base = ''): string {
  const properties = [
    `file=${escapeProperty(base === '' ? p.file : `${base}/${p.file}`)}`,
    ...(p.line !== undefined ? [`line=${p.line}`] : []),
    ...(p.line !== undefined && p.column !== undefined ? [`col=${p.column}`] : []),
    `title=${escapeProperty(p.check)}`,
  ];
  return `::${p.severity} ${properties.join(',')}::${escapeData(p.message)}`;
}

/** The last line of the human output. */
export function formatSummary(report: CheckReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const counts = `${plural(report.routes, 'route')}, ${plural(report.events, 'event')}`;
  if (errors > 0) return `✖ ${report.project}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  if (warnings > 0) return `✔ ${report.project}: ${counts}, no errors, ${plural(warnings, 'warning')}`;
  return `✔ ${report.project}: ${counts}, all checks passed`;
}
