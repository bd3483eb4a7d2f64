/**
 * templates/runner/unittest_junit.py against `python -m unittest` itself:
 * the same output and exit code (the runner reads "Ran N tests" and the
 * verdict from it), and XML whose counts are unittest's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JUNIT_RUNNER } from '../../src/runner/junit.js';
import { parseUnittestOutput } from '../../src/runner/unittest.js';
import { removeTempDirs, tempDir, writeFiles } from './helpers.js';

afterAll(removeTempDirs);

const MODULES = {
  'mixed_test.py': `import unittest

class MixedTest(unittest.TestCase):
    def test_passes(self):
        print('output of a test')

    def test_fails(self):
        self.assertEqual(1 + 1, 3)

    def test_errors(self):
        raise RuntimeError('boom <&>')

    @unittest.skip('not today')
    def test_skipped(self):
        pass

    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 1)

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.fail('known')


class BrokenFixtureTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise ValueError('no fixture')

    def test_never_runs(self):
        pass
`,
  'crash_test.py': 'import no_such_module_anywhere\n',
};

const OK_TEST = 'import unittest\n\nclass OkTest(unittest.TestCase):\n    def test_ok(self):\n        pass\n';

/** Output with the run's duration taken out, the only part that differs from run to run. */
const steady = (output: string) => output.replace(/^(Ran \d+ tests?) in [\d.]+s$/m, '$1');

function python(args: string[], cwd: string) {
  const result = spawnSync('python3', args, { cwd, encoding: 'utf8' });
  return { output: result.stdout + result.stderr, status: result.status };
}

describe('the JUnit runner', () => {
  it('prints what python -m unittest prints, exits as it does, and writes XML with its counts', async () => {
    const dir = await tempDir('runner-junit-');
    await writeFiles(dir, MODULES);
    const modules = ['crash_test.py', 'mixed_test.py'];
    const plain = python(['-m', 'unittest', ...modules], dir);
    const junit = python([JUNIT_RUNNER, 'junit.xml', ...modules], dir);
    expect({ ...junit, output: steady(junit.output) }).toEqual({ ...plain, output: steady(plain.output) });
    expect(parseUnittestOutput(plain.output)).toEqual({ ran: 7, failures: 3, errors: 3, skipped: 1, ok: false });

    const xml = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version='1\.0' encoding='utf-8'\?>\n<testsuites /);
    expect(xml).toMatch(/^<testsuites tests="8" failures="3" errors="3" time="[\d.]+">$/m);
    // The setUpClass that raised is a case of its own: unittest counts its error, not a test.
    expect(xml).toContain('<testcase classname="mixed_test.BrokenFixtureTest" name="setUpClass" time="0.000">');
    expect(xml).toContain('<error message="RuntimeError: boom &lt;&amp;&gt;">');
    // Two failing subtests: two failures of one test case.
    const subtests = /<testcase classname="mixed_test.MixedTest" name="test_subtests"[\s\S]*?<\/testcase>/.exec(xml);
    expect(subtests?.[0].match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('<testcase classname="mixed_test.MixedTest" name="test_expected_failure"');
    const crash = /classname="unittest.loader._FailedTest" name="crash_test" time="[\d.]+">\s*<error message="([^"]*)"/;
    expect(crash.exec(xml)?.[1]).toBe("ModuleNotFoundError: No module named 'no_such_module_anywhere'");
  });

  it('exits as python -m unittest does when every test passes', async () => {
    const dir = await tempDir('runner-junit-');
    await writeFiles(dir, { 'ok_test.py': OK_TEST });
    const junit = python([JUNIT_RUNNER, path.join(dir, 'out.xml'), 'ok_test.py'], dir);
    const plain = python(['-m', 'unittest', 'ok_test.py'], dir);
    expect({ ...junit, output: steady(junit.output) }).toEqual({ ...plain, output: steady(plain.output) });
    expect(junit.status).toBe(0);
    const xml = readFileSync(path.join(dir, 'out.xml'), 'utf8');
    expect(xml).toContain('<testsuites tests="1" failures="0" errors="0" time=');
  });

  it('says it could not write the XML, and fails the run', async () => {
    const dir = await tempDir('runner-junit-');
    await writeFiles(dir, { 'ok_test.py': OK_TEST });
    const junit = python([JUNIT_RUNNER, path.join(dir, 'missing', 'out.xml'), 'ok_test.py'], dir);
    expect(junit.status).toBe(1);
    expect(junit.output).toMatch(/^JUnit XML not written: \[Errno 2\] No such file or directory: /m);
  });
});
