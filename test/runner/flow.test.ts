/**
 * The order of the runner's stages and the exact commands it spawns, with a
 * fake exec: covers platforms this machine is not (Windows) and replies
 * a real Python would take long to give.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { JUNIT_RUNNER } from '../../src/runner/junit.js';
import { PROVENANCE_PROBE } from '../../src/runner/provenance.js';
import {
  EXIT_ENVIRONMENT_FAILED,
  EXIT_TESTS_FAILED,
  EXIT_TESTS_PASSED,
  type Exec,
  runProjectTests,
} from '../../src/runner/run.js';
import { makeProject, PASSING_TEST, recordingIo, removeTempDirs, writeFiles } from './helpers.js';

afterAll(removeTempDirs);

interface Call {
  file: string;
  args: string[];
  cwd?: string;
}
type Reply = { exitCode?: number; all?: string; code?: string } | 'hang';

/** A pid no system hands out, so a stray signal could reach nothing. */
const FAKE_PID = 99_999_999;

function fakeExec(reply: (call: Call) => Reply): { exec: Exec; calls: Call[] } {
  const calls: Call[] = [];
  const hanging: Array<() => void> = [];
  const exec = (file: string, args: string[], options: { cwd?: string }) => {
    const call = { file, args, cwd: options.cwd };
    calls.push(call);
    if (file === 'taskkill') for (const stop of hanging.splice(0)) stop();
    const answer = file === 'taskkill' ? {} : reply(call);
    if (answer === 'hang') {
      const running = new Promise((resolve) =>
        hanging.push(() => resolve({ all: 'still waiting', signal: 'SIGTERM' })),
      );
      return Object.assign(running, { pid: FAKE_PID });
    }
    const pid = answer.code === 'ENOENT' ? undefined : FAKE_PID;
    return Object.assign(Promise.resolve({ exitCode: 0, all: '', ...answer }), { pid });
  };
  return { exec: exec as unknown as Exec, calls };
}

const OK_RUN = { all: '..\n------\nRan 2 tests in 0.01s\n\nOK\n' };

function python(call: Call): Reply {
  if (call.args.includes('--version')) return { all: 'Python 3.12.1\n' };
  if (call.args.includes('unittest') || call.args[0] === JUNIT_RUNNER) return OK_RUN;
  return {};
}

describe('runProjectTests stages', () => {
  it('creates .venv, installs with every pip option, then runs every sorted test module from tests/', async () => {
    const dir = await makeProject({ 'b_test.py': PASSING_TEST, 'a_test.py': PASSING_TEST });
    await writeFiles(dir, { 'tests/helper.py': '', 'tests/sub/c_test.py': '' });
    const { exec, calls } = fakeExec(python);
    const options = {
      pip: { indexUrl: 'https://i/simple', extraIndexUrls: ['https://x'], findLinks: ['w'], noBuildIsolation: true },
    };
    const result = await runProjectTests(dir, options, recordingIo(), { exec, platform: 'linux' });
    expect(result).toMatchObject({ exitCode: EXIT_TESTS_PASSED, message: '2 tests passed.' });
    const venv = path.join(dir, '.venv', 'bin', 'python');
    expect(calls).toEqual([
      { file: 'python3', args: ['--version'], cwd: dir },
      { file: 'python3', args: ['-m', 'venv', '.venv'], cwd: dir },
      {
        file: venv,
        args: [
          '-m',
          'pip',
          'install',
          '--no-input',
          '--disable-pip-version-check',
          '--index-url',
          'https://i/simple',
          '--extra-index-url',
          'https://x',
          '--find-links',
          'w',
          '--no-build-isolation',
          '.',
        ],
        cwd: dir,
      },
      { file: venv, args: ['-c', PROVENANCE_PROBE, dir], cwd: dir },
      { file: venv, args: ['-m', 'unittest', 'a_test.py', 'b_test.py'], cwd: path.join(dir, 'tests') },
    ]);
  });

  it('installs each --with over the project with the same pip options and --no-deps, and names the packages', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const { exec, calls } = fakeExec((call) => {
      if (call.args[1] === PROVENANCE_PROBE) {
        return { all: '[["pacifica-dispatcher", "0.2.5", "/src/pacifica-dispatcher"], ["jsonpath2", "0.4.5", ""]]\n' };
      }
      return call.args[0] === '-c' ? { all: 'setuptools 66.1.1 wheel 0.48.0\n' } : python(call);
    });
    const options = {
      usePython: 'envpython',
      noDeps: true,
      pip: { findLinks: ['/w'] },
      with: ['/src/pacifica-dispatcher', 'cloudevents==1.9.0'],
    };
    const io = recordingIo();
    const result = await runProjectTests(dir, options, io, { exec, platform: 'linux' });
    expect(result.exitCode).toBe(EXIT_TESTS_PASSED);
    const pip = '-m pip install --no-input --disable-pip-version-check --find-links /w';
    expect(calls.filter((call) => call.args.includes('pip')).map((call) => call.args.join(' '))).toEqual([
      `${pip} --no-build-isolation --no-deps .`,
      // Build isolation skipped only for the generated project, whose build needs are known.
      `${pip} --no-deps /src/pacifica-dispatcher`,
      `${pip} --no-deps cloudevents==1.9.0`,
    ]);
    expect(io.err()).toMatch(/^✔ Installed \/src\/pacifica-dispatcher \(without dependencies\) \(\d+\.\d+s\)$/m);
    expect(io.err()).toMatch(/^✔ Installed cloudevents==1\.9\.0 \(without dependencies\) /m);
    expect(io.err()).toContain(
      'ℹ Testing with pacifica-dispatcher 0.2.5 (/src/pacifica-dispatcher), jsonpath2 0.4.5\n',
    );
  });

  it('names the --with requirement pip could not install, and keeps it in the rerun command', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const notFound = { exitCode: 1, all: 'ERROR: No matching distribution found for no-such-package\n' };
    const { exec } = fakeExec((call) => (call.args.includes('no-such-package') ? notFound : python(call)));
    const options = { with: ['no-such-package'] };
    const result = await runProjectTests(dir, options, recordingIo(), { exec, platform: 'linux' });
    expect(result).toMatchObject({
      exitCode: EXIT_ENVIRONMENT_FAILED,
      stage: 'install',
      message: 'pip cannot install no-such-package: No matching distribution found for no-such-package.',
    });
    expect(result.hint).toContain('pacifica-dispatcher test --with no-such-package');
  });

  it('runs the tests through the JUnit runner with --junit, and only then', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const { exec, calls } = fakeExec(python);
    const io = recordingIo();
    const result = await runProjectTests(dir, { junit: '/out/junit.xml' }, io, { exec, platform: 'linux' });
    expect(result.exitCode).toBe(EXIT_TESTS_PASSED);
    expect(calls.at(-1)?.args).toEqual([JUNIT_RUNNER, '/out/junit.xml', 'a_test.py']);
    expect(io.err()).toContain('  Tests: 2 run, 0 failed, 0 errors, 0 skipped\n  JUnit XML: /out/junit.xml\n');
  });

  it('fails the run when the JUnit XML could not be written', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const notWritten = `${OK_RUN.all}JUnit XML not written: [Errno 2] No such file or directory: '/nope/j.xml'\n`;
    const failing = { exitCode: 1, all: notWritten };
    const { exec } = fakeExec((call) => (call.args[0] === JUNIT_RUNNER ? failing : python(call)));
    const result = await runProjectTests(dir, { junit: '/nope/j.xml' }, recordingIo(), { exec, platform: 'linux' });
    expect(result).toMatchObject({
      exitCode: EXIT_TESTS_FAILED,
      stage: 'tests',
      message: "The JUnit XML could not be written to /nope/j.xml: [Errno 2] No such file or directory: '/nope/j.xml'.",
    });
  });

  it('installs into --use-python without build isolation when its setuptools can build the project, in one pip call', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const { exec, calls } = fakeExec((call) =>
      call.args[0] === '-c' ? { all: 'setuptools 66.1.1 wheel 0.48.0\n' } : python(call),
    );
    const result = await runProjectTests(dir, { usePython: 'envpython', noDeps: true }, recordingIo(), {
      exec,
      platform: 'linux',
    });
    expect(result.exitCode).toBe(EXIT_TESTS_PASSED);
    const pips = calls.filter((call) => call.args.includes('pip'));
    expect(pips.map((call) => call.args.join(' '))).toEqual([
      '-m pip install --no-input --disable-pip-version-check --no-build-isolation --no-deps .',
    ]);
  });

  it('keeps build isolation when the interpreter has no setuptools new enough, or one without wheel that needs it', async () => {
    for (const probe of ['setuptools - wheel -\n', 'setuptools 59.6.0 wheel 0.37.1\n', 'setuptools 68.0.0 wheel -\n']) {
      const dir = await makeProject({ 'a_test.py': PASSING_TEST });
      const { exec, calls } = fakeExec((call) => (call.args[0] === '-c' ? { all: probe } : python(call)));
      const result = await runProjectTests(dir, { usePython: 'envpython', noDeps: true }, recordingIo(), {
        exec,
        platform: 'linux',
      });
      expect(result.exitCode, probe).toBe(EXIT_TESTS_PASSED);
      expect(
        calls.filter((call) => call.args.includes('--no-build-isolation')),
        probe,
      ).toEqual([]);
    }
  });

  it('installs again with build isolation when the installed setuptools cannot be imported', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const { exec, calls } = fakeExec((call) => {
      if (call.args[0] === '-c') return { all: 'setuptools 84.0.0 wheel 0.48.0\n' };
      if (call.args.includes('--no-build-isolation')) {
        return {
          exitCode: 2,
          all: "pip._vendor.pyproject_hooks._impl.BackendUnavailable: Cannot import 'setuptools.build_meta'\n",
        };
      }
      return python(call);
    });
    const io = recordingIo();
    const result = await runProjectTests(dir, { usePython: 'envpython', noDeps: true }, io, {
      exec,
      platform: 'linux',
    });
    expect(result.exitCode).toBe(EXIT_TESTS_PASSED);
    expect(
      calls.filter((call) => call.args.includes('pip')).map((call) => call.args.includes('--no-build-isolation')),
    ).toEqual([true, false]);
    expect(io.err()).not.toContain('Installing the project failed');
  });

  it('falls back from a missing python3 to python', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const { exec, calls } = fakeExec((call) => (call.file === 'python3' ? { code: 'ENOENT' } : python(call)));
    const result = await runProjectTests(dir, {}, recordingIo(), { exec, platform: 'linux' });
    expect(result.exitCode).toBe(EXIT_TESTS_PASSED);
    expect(calls.map((call) => [call.file, ...call.args].join(' ')).slice(0, 3)).toEqual([
      'python3 --version',
      'python --version',
      'python -m venv .venv',
    ]);
  });

  it('on Windows starts with py -3, uses .venv\\Scripts\\python.exe and stops a hung run with taskkill /T', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const { exec, calls } = fakeExec((call) => (call.args.includes('unittest') ? 'hang' : python(call)));
    const io = recordingIo();
    const result = await runProjectTests(dir, { testTimeoutSeconds: 0.2 }, io, { exec, platform: 'win32' });
    expect(result).toMatchObject({ exitCode: EXIT_TESTS_FAILED, stage: 'tests' });
    expect(calls.slice(0, 2)).toEqual([
      { file: 'py', args: ['-3', '--version'], cwd: dir },
      { file: 'py', args: ['-3', '-m', 'venv', '.venv'], cwd: dir },
    ]);
    expect(calls[2]?.file).toBe(path.win32.join(dir, '.venv', 'Scripts', 'python.exe'));
    expect(calls.at(-1)).toEqual({ file: 'taskkill', args: ['/pid', String(FAKE_PID), '/T', '/F'], cwd: undefined });
    expect(io.err()).toContain('still waiting');
    expect(result.hint).toContain('..\\.venv\\Scripts\\python.exe -m unittest a_test.py');
  });

  it('says so when unittest stops before its summary', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const { exec } = fakeExec((call) =>
      call.args.includes('unittest')
        ? { exitCode: 1, all: 'Traceback (most recent call last):\nSyntaxError: bad\n' }
        : python(call),
    );
    const io = recordingIo();
    const result = await runProjectTests(dir, {}, io, { exec, platform: 'linux' });
    expect(result).toMatchObject({
      exitCode: EXIT_TESTS_FAILED,
      stage: 'tests',
      message: 'The tests did not run to the end (exit 1).',
    });
    expect(result.summary).toBeUndefined();
    expect(io.err()).toContain('SyntaxError: bad');
  });

  it('fails the tests stage when tests/ has no *_test.py module', async () => {
    const dir = await makeProject({ 'helper.py': '' });
    const { exec, calls } = fakeExec(python);
    const result = await runProjectTests(dir, {}, recordingIo(), { exec, platform: 'linux' });
    expect(result).toMatchObject({
      exitCode: EXIT_TESTS_FAILED,
      stage: 'tests',
      message: 'tests/ has no *_test.py modules to run.',
    });
    expect(calls.some((call) => call.args.includes('unittest'))).toBe(false);
  });

  it('prints the commands it runs, and no tail, with verbose', async () => {
    const dir = await makeProject({ 'a_test.py': PASSING_TEST });
    const { exec } = fakeExec(python);
    const io = recordingIo();
    await runProjectTests(dir, { verbose: true }, io, { exec, platform: 'linux' });
    expect(io.err()).toContain('$ python3 -m venv .venv\n');
    expect(io.err()).toMatch(/^\$ \S+python -m unittest a_test\.py$/m);
  });

  it.each([
    [{ python: 'python3', usePython: 'python3' }, '--python and --use-python cannot be used together.'],
    [
      { testTimeoutSeconds: 0 },
      '--test-timeout must be a number of seconds above 0 and at most 315360000 (ten years), not 0.',
    ],
    [
      { testTimeoutSeconds: Number.NaN },
      '--test-timeout must be a number of seconds above 0 and at most 315360000 (ten years), not NaN.',
    ],
    [
      { testTimeoutSeconds: 1e12 },
      '--test-timeout must be a number of seconds above 0 and at most 315360000 (ten years), not 1000000000000.',
    ],
  ])('refuses contradictory or impossible options %j', async (options, message) => {
    const { exec, calls } = fakeExec(python);
    const running = runProjectTests('.', options, recordingIo(), { exec });
    await expect(running).rejects.toBeInstanceOf(UserError);
    await expect(running).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });
});
