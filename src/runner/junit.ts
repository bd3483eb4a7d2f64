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
