import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, "tests: N passed, N failed, N skipped",
 * so a log reader that does not know vitest can still count the tests.
 *
 * "failed" must never read 0 on a failed run: a test file that does not load,
 * a suite whose beforeAll throws, or an error outside any test has no failed
 * test to count, so each such file, suite or error counts as one failure and
 * is named. Skipped tests say why (the note of `ctx.skip(condition, note)`),
 * so "6 skipped" is never mistaken for "6 covered".
 */

/** Whether a suite (or the file) around the test has an error of its own, so the test never ran. */
function parentFailed(test: TestCase): boolean {
  for (
    let parent: TestCase['parent'] | undefined = test.parent;
    parent;
    parent = parent.type === 'suite' ? parent.parent : undefined
  ) {
    if (parent.errors().length > 0) return true;
  }
  return false;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function summaryLine(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
): string {
  let passed = 0;
  let failedTests = 0;
  const skipReasons = new Map<string, number>();
  const brokenFiles: string[] = [];
  const brokenSuites: string[] = [];
  for (const module of testModules) {
    if (module.errors().length > 0) brokenFiles.push(module.relativeModuleId);
    for (const suite of module.children.allSuites()) {
      if (suite.errors().length > 0) brokenSuites.push(`${module.relativeModuleId} > ${suite.fullName}`);
    }
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state === 'passed') passed += 1;
      else if (result.state === 'failed') failedTests += 1;
      else {
        const reason =
          result.state === 'skipped' && result.note
            ? result.note
            : parentFailed(test)
              ? 'not run, their suite failed'
              : test.options.mode === 'todo'
                ? 'todo'
                : 'no reason given';
        skipReasons.set(reason, (skipReasons.get(reason) ?? 0) + 1);
      }
    }
  }
  const failed = failedTests + brokenFiles.length + brokenSuites.length + unhandledErrors.length;
  const skipped = [...skipReasons.values()].reduce((sum, count) => sum + count, 0);
  const why = [...skipReasons]
    .map(([reason, count]) => (skipReasons.size === 1 ? reason : `${reason} (${count})`))
    .join(', ');
  const details = [
    ...(brokenFiles.length > 0
      ? [`${plural(brokenFiles.length, 'test file')} failed to load: ${brokenFiles.join(', ')}`]
      : []),
    ...(brokenSuites.length > 0
      ? [`${plural(brokenSuites.length, 'suite')} failed in a hook: ${brokenSuites.join(', ')}`]
      : []),
    ...(unhandledErrors.length > 0 ? [`${plural(unhandledErrors.length, 'error')} outside any test`] : []),
  ];
  return (
    `tests: ${passed} passed, ${failed} failed, ${skipped} skipped${skipped > 0 ? `: ${why}` : ''}` +
    (details.length > 0 ? `\n  (${details.join('; ')})` : '')
  );
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    process.stdout.write(`\n${summaryLine(testModules, unhandledErrors)}\n`);
  }
}
