/**
 * The runner for real: venvs, pip against whatever index pip is configured
 * with here, and unittest, on tiny projects built in the temp dir.
 */
import { execFileSync } from 'node:child_process';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { venvPython } from '../../src/runner/python.js';
import {
  EXIT_ENVIRONMENT_FAILED,
  EXIT_TESTS_FAILED,
  EXIT_TESTS_PASSED,
  runProjectTests,
} from '../../src/runner/run.js';
import {
  closedPort,
  FAILING_TEST,
  isAlive,
  isolatedPipEnv,
  makeProject,
  PASSING_TEST,
  pipEnv,
  pipHasIndex,
  recordingIo,
  removeTempDirs,
  tempDir,
} from './helpers.js';

const hasIndex = pipHasIndex();

describe('runProjectTests with a real Python (needs a pip index or find-links configured)', () => {
  // Skipped with a reason, which the summary line repeats.
  beforeEach(({ skip }) => skip(!hasIndex, 'no pip index or find-links configured'));

  /** One throwaway environment for the --use-python tests: venvs cost seconds. */
  let shared: string;

  beforeAll(async () => {
    if (!hasIndex) return;
    const dir = await tempDir('runner-shared-venv-');
    execFileSync('python3', ['-m', 'venv', path.join(dir, '.venv')]);
    shared = venvPython(dir);
  });

  afterAll(removeTempDirs);

  it('creates .venv, installs the project and reports the passing tests', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST, 'other_test.py': PASSING_TEST });
    const io = recordingIo();
    const result = await runProjectTests(dir, { env: pipEnv() }, io);
    expect(result).toMatchObject({
      exitCode: EXIT_TESTS_PASSED,
      summary: { ran: 6, failures: 0, errors: 0, skipped: 2, ok: true },
      message: '4 tests passed (2 skipped).',
    });
    expect(io.err()).toMatch(/^✔ Created \.venv with Python 3\.\d+\.\d+ \(\d+\.\d+s\)$/m);
    expect(io.err()).toMatch(/^✔ Installed the project and its dependencies \(\d+\.\d+s\)$/m);
    expect(io.err()).toMatch(/^✔ Ran 6 tests \(\d+\.\d+s\)$/m);
    expect(io.err()).toContain('Tests: 6 run, 0 failed, 0 errors, 2 skipped');
    // Each long step says it has started; quiet on success otherwise: no pip chatter.
    expect(io.err()).toContain('… Creating .venv\n');
    expect(io.err()).toContain('… Installing the project and its dependencies (pip)\n');
    expect(io.err()).not.toContain('Successfully installed');
    await access(venvPython(dir));
    // pip builds in the source tree; the project is left as it was.
    expect((await readdir(dir)).filter((name) => name === 'build' || name.endsWith('.egg-info'))).toEqual([]);

    // A build/ of the user's own is theirs, and stays.
    await mkdir(path.join(dir, 'build'));
    await writeFile(path.join(dir, 'build', 'mine.txt'), 'keep\n');
    const again = recordingIo();
    const rerun = await runProjectTests(dir, { env: pipEnv() }, again);
    expect(rerun.exitCode).toBe(EXIT_TESTS_PASSED);
    expect(again.err()).toMatch(/^✔ Reused \.venv \(\d+\.\d+s\)$/m);
    expect(await readFile(path.join(dir, 'build', 'mine.txt'), 'utf8')).toBe('keep\n');
    expect((await readdir(dir)).filter((name) => name.endsWith('.egg-info'))).toEqual([]);
  });

  it('returns the failure code with the unittest tail and how to rerun when a test fails', async () => {
    const dir = await makeProject({ 'broken_test.py': FAILING_TEST, 'tiny_test.py': PASSING_TEST });
    const io = recordingIo();
    const result = await runProjectTests(dir, { usePython: shared, noDeps: true, env: pipEnv() }, io);
    expect(result).toMatchObject({
      exitCode: EXIT_TESTS_FAILED,
      stage: 'tests',
      summary: { ran: 5, failures: 1, errors: 1, skipped: 1, ok: false },
      message: 'Tests failed: 5 run, 1 failed, 1 error, 1 skipped.',
    });
    expect(io.err()).toMatch(/^✖ Ran 5 tests/m);
    expect(io.err()).toContain('arithmetic is broken');
    expect(io.err()).toContain('RuntimeError: boom');
    expect(result.hint).toContain(
      `cd ${dir} && npx -p create-pacifica-dispatcher pacifica-dispatcher test --use-python ${shared}`,
    );
    expect(result.hint).toContain(`-m unittest broken_test.py tiny_test.py`);
  });

  it('kills the tests and every process they started when --test-timeout passes', async () => {
    const dir = await makeProject({
      'hang_test.py': `import subprocess, sys, time, unittest

class HangTest(unittest.TestCase):
    def test_hangs(self):
        child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])
        with open('child.pid', 'w') as f:
            f.write(str(child.pid))
        print('waiting forever', flush=True)
        time.sleep(300)
`,
    });
    const io = recordingIo();
    const started = Date.now();
    const result = await runProjectTests(
      dir,
      { usePython: shared, noDeps: true, testTimeoutSeconds: 3, env: pipEnv() },
      io,
    );
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(result).toMatchObject({ exitCode: EXIT_TESTS_FAILED, stage: 'tests' });
    expect(result.message).toContain('did not finish within 3s');
    expect(result.hint).toContain('--test-timeout');
    expect(io.err()).toMatch(/^✖ Tests timed out after 3s/m);
    expect(io.err()).toContain('waiting forever');
    const pid = Number(await readFile(path.join(dir, 'tests', 'child.pid'), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);
  });

  it('names the missing package and suggests --index-url, --find-links and --use-python', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST }, ['pacifica-runner-no-such-package']);
    const io = recordingIo();
    const result = await runProjectTests(dir, { usePython: shared, env: pipEnv() }, io);
    expect(result).toMatchObject({ exitCode: EXIT_ENVIRONMENT_FAILED, stage: 'install' });
    expect(result.message).toContain('No matching distribution found for pacifica-runner-no-such-package');
    expect(result.hint).toMatch(/--index-url[\s\S]*--find-links[\s\S]*--use-python/);
    expect(result.hint).toContain('The project is kept in');
    expect(io.err()).toMatch(/^✖ Installing the project failed/m);
  });

  it('says it cannot reach the package index when the index does not answer', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST }, ['jsonpath2']);
    const port = await closedPort();
    const io = recordingIo();
    const started = Date.now();
    const result = await runProjectTests(
      dir,
      { usePython: shared, pip: { indexUrl: `http://127.0.0.1:${port}/simple` }, env: isolatedPipEnv() },
      io,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result).toMatchObject({ exitCode: EXIT_ENVIRONMENT_FAILED, stage: 'install' });
    expect(result.message).toBe(
      `pip cannot reach the package index http://127.0.0.1:${port}/simple (Connection refused): No matching distribution found for setuptools>=61.`,
    );
    expect(result.hint).toContain('--find-links');
  });

  it('installs into an existing environment without dependencies with --use-python and --no-deps', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST }, ['pacifica-runner-no-such-package']);
    const io = recordingIo();
    const result = await runProjectTests(dir, { usePython: shared, noDeps: true, env: pipEnv() }, io);
    expect(result).toMatchObject({ exitCode: EXIT_TESTS_PASSED, summary: { ran: 3, skipped: 1 } });
    expect(io.err()).toMatch(/^✔ Using Python 3\.\d+\.\d+ at /m);
    expect(io.err()).toMatch(/^✔ Installed the project \(without dependencies\)/m);
    await expect(access(path.join(dir, '.venv'))).rejects.toThrow();
  });
});
