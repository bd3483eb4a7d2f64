/**
 * --junit: the tests run through templates/runner/unittest_junit.py, which is
 * `python -m unittest` (same output, counts and exit code) plus a JUnit XML
 * file of every test case, written by Python's standard library.
 */
import path from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';

/** The program that runs the tests in place of `-m unittest` when JUnit XML is asked for. */
export const JUNIT_RUNNER = path.join(PACKAGE_ROOT, 'templates', 'runner', 'unittest_junit.py');

/** The interpreter's arguments that run `modules` from tests/, writing JUnit XML to `junitFile` if given. */
export function unittestArgs(modules: string[], junitFile?: string): string[] {
  return junitFile === undefined ? ['-m', 'unittest', ...modules] : [JUNIT_RUNNER, junitFile, ...modules];
}

/** Why the JUnit XML could not be written, as the runner program says it; undefined when it was. */
export function junitNotWritten(output: string): string | undefined {
  return /^JUnit XML not written: (.+)$/m.exec(output)?.[1]?.trim();
}

/** One run's JUnit XML (as the runner program writes it), or why the run wrote none. */
export interface JunitReport {
  /** Put in front of every suite's name and every case's classname: `Spectra / spectra_test.SpectraTest`. */
  label: string;
  xml?: string;
  /** When there is no XML: the step that failed and what it said; it stands in as one error case. */
  failure?: { step: string; message: string };
}

/** The counts <testsuites> carries: the common JUnit schema has no skipped count there, only on each <testsuite>. */
const COUNTS = ['tests', 'failures', 'errors'] as const;

const escapeAttribute = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
}

/** A report's suites, labelled, and its totals. */
function labelled(report: JunitReport): { suites: string; totals: number[]; time: number } {
  const prefix = `${escapeAttribute(report.label)} / `;
  if (report.xml === undefined) {
    const { step, message } = report.failure ?? { step: 'tests', message: 'The tests did not run.' };
    const suite =
      `  <testsuite name="${escapeAttribute(report.label)}" tests="1" failures="0" errors="1" skipped="0" time="0.000">\n` +
      `    <testcase classname="${escapeAttribute(report.label)}" name="${escapeAttribute(step)}" time="0.000">\n` +
      `      <error message="${escapeAttribute(message)}">${escapeText(message)}</error>\n` +
      '    </testcase>\n  </testsuite>\n';
    return { suites: suite, totals: [1, 0, 1], time: 0 };
  }
  const root = /<testsuites\b([^>]*?)\/?>/.exec(report.xml);
  if (root === null) throw new Error(`no <testsuites> in the JUnit XML of ${report.label}`);
  const counts = attributes(root[1] ?? '');
  const start = root.index + root[0].length;
  const end = report.xml.lastIndexOf('</testsuites>');
  const inner = root[0].endsWith('/>') || end < start ? '' : report.xml.slice(start, end);
  const suites = inner
    .replace(/(<testsuite\s(?:[^>]*?\s)?name=")/g, `$1${prefix}`)
    .replace(/(<testcase\s(?:[^>]*?\s)?classname=")/g, `$1${prefix}`)
    .replace(/^\n/, '');
  return {
    suites: suites === '' || suites.endsWith('\n') ? suites : `${suites}\n`,
    totals: COUNTS.map((key) => Number(counts[key] ?? 0)),
    time: Number(counts.time ?? 0),
  };
}

/**
 * One JUnit file of several runs: a <testsuites> holding every run's
 * suites, each suite and case labelled with its run, so a failure in a CI's
 * test report names the project it failed in.
 */
export function mergeJunitReports(name: string, reports: JunitReport[]): string {
  const parts = reports.map(labelled);
  const totals = COUNTS.map((_, index) => parts.reduce((sum, part) => sum + (part.totals[index] ?? 0), 0));
  const time = parts.reduce((sum, part) => sum + part.time, 0);
  const counts = COUNTS.map((key, index) => `${key}="${totals[index]}"`).join(' ');
  return (
    "<?xml version='1.0' encoding='utf-8'?>\n" +
    `<testsuites name="${escapeAttribute(name)}" ${counts} time="${time.toFixed(3)}">\n` +
    parts.map((part) => part.suites).join('') +
    '</testsuites>\n'
  );
}
