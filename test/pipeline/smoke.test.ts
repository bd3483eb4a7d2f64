/**
 * `smoke` without Python: the set, --only, every project generated and
 * passing `check` (--skip-tests), the scratch directory's lifetime, and the
 * orchestration of the runs (one environment, --with and the dependencies
 * once, one JUnit file) against a runner that only records its calls.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkProject } from '../../src/check/index.js';
import { formatSmokeTable, smokeCommand, smokeExitCode } from '../../src/cli/commands/smoke.js';
import { isUserError } from '../../src/core/errors.js';
import type { Io } from '../../src/core/io.js';
import { SMOKE_PROJECTS } from '../../src/core/smoke-set.js';
import { runSmoke, type SmokeOptions, type SmokeRow, selectSmokeProjects } from '../../src/pipeline/smoke.js';
import { readState } from '../../src/project/index.js';
import type { RunTestsOptions, RunTestsResult } from '../../src/runner/index.js';
import { tempDir } from '../helpers/tmp.js';

interface Call {
  dir: string;
  options: RunTestsOptions;
}
const calls: Call[] = [];
/** What the fake runner answers for the n-th run (0-based). */
let answer: (index: number, call: Call) => RunTestsResult;

const PASSED: RunTestsResult = {
  exitCode: 0,
  summary: { ran: 4, failures: 0, errors: 0, skipped: 0, ok: true },
  message: '4 tests passed.',
};
const FAILED: RunTestsResult = {
  exitCode: 3,
  stage: 'tests',
  summary: { ran: 4, failures: 1, errors: 1, skipped: 0, ok: false },
  message: 'Tests failed: 4 run, 1 failed, 1 error, 0 skipped.',
  hint: 'The output above shows what failed.',
};
const junitOf = (suite: string, failed: boolean): string =>
  `<?xml version='1.0' encoding='utf-8'?>\n<testsuites tests="1" failures="${failed ? 1 : 0}" errors="0" time="0.010">\n` +
  `  <testsuite name="${suite}" tests="1" failures="${failed ? 1 : 0}" errors="0" skipped="0" time="0.010">\n` +
  `    <testcase classname="${suite}" name="test_route" time="0.010">${failed ? '<failure message="no route" />' : ''}</testcase>\n` +
  '  </testsuite>\n</testsuites>\n';

vi.mock('../../src/runner/index.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/runner/index.js')>()),
  runProjectTests: async (dir: string, options: RunTestsOptions): Promise<RunTestsResult> => {
    const call = { dir, options };
    calls.push(call);
    const result = answer(calls.length - 1, call);
    if (options.junit !== undefined && result.summary !== undefined)
      writeFileSync(options.junit, junitOf(`${path.basename(dir)}_test.Case`, result.exitCode !== 0));
    return result;
  },
}));

function recorder(): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (chunk: string) => (out += chunk) },
      stderr: { write: (chunk: string) => (err += chunk) },
      stdin: new PassThrough(),
      isTTY: false,
      verbose: false,
    },
    out: () => out,
    err: () => err,
  };
}

const kept: string[] = [];
beforeEach(() => {
  calls.length = 0;
  answer = () => PASSED;
});
afterEach(() => {
  for (const dir of kept.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function smoke(options: Partial<SmokeOptions>, io = recorder().io) {
  const result = await runSmoke(
    { check: async (dir) => (await checkProject(dir)).ok, tests: {}, keep: true, ...options },
    io,
  );
  if (result.kept !== undefined) kept.push(result.kept);
  return result;
}

describe('the smoke set', () => {
  it("has the SOP's two examples, key-values with a directory fixture, added routes and a leading digit", () => {
    expect(SMOKE_PROJECTS.map((project) => [project.id, project.name])).toEqual([
      ['example', 'Example'],
      ['hello-world', 'Hello, world!'],
      ['key-values', 'Spectra'],
      ['routes', 'Imaging'],
      ['3d-scans', '3D scans'],
    ]);
  });

  it('--only takes an id or a name in any case, and refuses others listing the set (usage error)', () => {
    expect(selectSmokeProjects().map((project) => project.id)).toHaveLength(5);
    expect(selectSmokeProjects(['3D SCANS', 'hello-world']).map((project) => project.id)).toEqual([
      '3d-scans',
      'hello-world',
    ]);
    let error: unknown;
    try {
      selectSmokeProjects(['example', 'nope']);
    } catch (caught) {
      error = caught;
    }
    expect(isUserError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toBe('--only: there is no smoke project "nope".');
    const lines = (error as { hint: string }).hint.split('\n');
    expect(lines[0]).toBe('Give one of:');
    expect(lines.slice(1).map((line) => line.split(':')[0]!.trim().split(/ {2,}/))).toEqual(
      SMOKE_PROJECTS.map(({ id, name }) => [id, name]),
    );
  });

  it('generates every project, each passing check (--skip-tests), and runs nothing', async () => {
    const { rows, kept: root } = await smoke({ skipTests: true });
    expect(calls).toEqual([]);
    expect(rows.map((row) => [row.name, row.checked, row.tests, row.notRun])).toEqual(
      SMOKE_PROJECTS.map((project) => [project.name, true, undefined, undefined]),
    );
    for (const row of rows) expect((await checkProject(row.directory)).problems).toEqual([]);
    const [spectra, imaging] = [rows[2]!, rows[3]!];
    const spectraState = await readState(spectra.directory);
    expect(spectraState.routes[0]).toMatchObject({
      mimetype: 'text/csv',
      keyValues: [{ key: 'instrument-kind', value: 'spectrometer' }, { key: 'proposal' }, { key: 'campaign' }],
    });
    const data = path.join(spectra.directory, 'tests/test_files/metadata.ingest.1/data');
    for (const file of ['summary.csv', 'raw/frame-0001.bin', 'raw/deep/dark.bin', 'calibration/lines.csv'])
      expect(existsSync(path.join(data, file)), file).toBe(true);
    expect((await readState(imaging.directory)).routes.map((route) => route.name)).toEqual([
      'imaging',
      'thumbnails',
      'previews',
    ]);
    expect(rows[4]!.directory).toBe(path.join(root!, 'pacifica-dispatcher-3d-scans'));
  });

  it('removes the scratch directory without --keep, also when a run throws', async () => {
    const { io, err } = recorder();
    const result = await runSmoke(
      { only: ['example'], skipTests: true, tests: {}, check: async () => true, keep: false },
      io,
    );
    expect(result.kept).toBeUndefined();
    expect(existsSync(result.rows[0]!.directory)).toBe(false);

    const failing = recorder();
    const thrown = runSmoke(
      {
        only: ['example'],
        tests: {},
        check: async () => {
          throw new Error('check crashed');
        },
      },
      failing.io,
    );
    await expect(thrown).rejects.toThrow('check crashed');
    const root = /Smoke projects in (\S+)/.exec(failing.err())![1]!;
    expect(existsSync(root)).toBe(false);
    expect(err()).toContain('(removed at the end; --keep keeps them)');
  });
});

describe('the runs', () => {
  it('installs the dependencies and --with once: the others go into the same environment, project only', async () => {
    const tests: RunTestsOptions = { python: '/usr/bin/python3', with: ['/src/lib'], testTimeoutSeconds: 30 };
    await smoke({ only: ['example', 'hello-world', '3d-scans'], tests });
    expect(calls).toHaveLength(3);
    expect(calls[0]!.options).toEqual(tests);
    const venv = path.join(calls[0]!.dir, '.venv', 'bin', 'python');
    for (const call of calls.slice(1))
      expect(call.options).toEqual({ usePython: venv, noDeps: true, testTimeoutSeconds: 30 });
  });

  it("uses the user's --use-python for every run, and its dependencies' install only in the first", async () => {
    await smoke({ only: ['example', 'routes'], tests: { usePython: '/env/bin/python', with: ['/src/lib'] } });
    expect(calls.map((call) => call.options)).toEqual([
      { usePython: '/env/bin/python', with: ['/src/lib'] },
      { usePython: '/env/bin/python', noDeps: true },
    ]);
  });

  it('tries the next project as a first one after an install failure, and runs none without an environment', async () => {
    answer = (index) => (index === 0 ? { exitCode: 4, stage: 'install', message: 'pip failed.' } : PASSED);
    const { rows } = await smoke({ only: ['example', 'hello-world', 'routes'], tests: { with: ['/src/lib'] } });
    expect(calls.map((call) => call.options.with)).toEqual([['/src/lib'], ['/src/lib'], undefined]);
    expect(smokeExitCode(rows, false)).toBe(4);

    calls.length = 0;
    answer = () => ({ exitCode: 4, stage: 'python', message: 'No Python >= 3.11 found.' });
    const none = await smoke({ only: ['example', 'hello-world'] });
    expect(calls).toHaveLength(1);
    expect(none.rows[1]!.notRun).toBe('not run: no test environment (No Python >= 3.11 found.)');
  });

  it("writes one JUnit file of every project's cases, labelled, with an error case for a project that never ran", async () => {
    const junit = path.join(tempDir(), 'smoke.xml');
    answer = (index) =>
      index === 1 ? FAILED : index === 2 ? { exitCode: 4, stage: 'install', message: 'pip failed.' } : PASSED;
    await smoke({ only: ['example', 'hello-world', '3d-scans'], tests: { junit } });
    expect(calls.map((call) => path.basename(call.options.junit!))).toEqual([
      'example.junit.xml',
      'hello-world.junit.xml',
      '3d-scans.junit.xml',
    ]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites name="pacifica-dispatcher smoke" tests="3" failures="1" errors="1"');
    expect(xml).toContain('classname="Example / pacifica-dispatcher-example_test.Case"');
    expect(xml).toMatch(/classname="Hello, world! \/ [^"]+" name="test_route" time="0.010"><failure/);
    expect(xml).toContain('<testcase classname="3D scans" name="install" time="0.000">');
  });
});

describe('the table', () => {
  const row = (name: string, extra: Partial<SmokeRow>): SmokeRow => ({
    id: 'example',
    name,
    directory: `/tmp/${name}`,
    checked: true,
    ms: 2345,
    ...extra,
  });

  it('shows tests run, failed (failures and errors), time and result per project, then the verdict', () => {
    const rows = [
      row('Example', { tests: PASSED }),
      row('Hello, world!', { tests: FAILED, ms: 12_000 }),
      row('Spectra', { tests: { exitCode: 4, stage: 'install', message: 'pip failed.' } }),
      row('Imaging', { checked: false, tests: PASSED }),
      row('3D scans', { notRun: 'not run: no test environment (x)' }),
    ];
    expect(formatSmokeTable(rows, false)).toBe(
      [
        'Project        Tests  Failed   Time  Result',
        'Example            4       0   2.3s  passed',
        'Hello, world!      4       2  12.0s  tests failed',
        'Spectra            -       -   2.3s  install failed',
        'Imaging            4       0   2.3s  check failed',
        '3D scans           -       -   2.3s  not run: no test environment (x)',
        '✖ 4 of 5 projects failed: Hello, world!, Spectra, Imaging, 3D scans.',
        '',
      ].join('\n'),
    );
    expect(smokeExitCode(rows, false)).toBe(3);
    expect(smokeExitCode([rows[0]!, rows[3]!], false)).toBe(1);
    expect(smokeExitCode([rows[0]!], false)).toBe(0);
  });

  it('says the projects were generated and checked with --skip-tests', () => {
    const table = formatSmokeTable([row('Example', {})], true);
    expect(table).toBe(
      'Project  Tests  Failed  Time  Result\nExample      -       -  2.3s  tests skipped\n✔ 1 of 1 projects generated and checked.\n',
    );
  });
});

describe('smokeCommand', () => {
  it('refuses --junit or --with with --skip-tests (usage error), before generating anything', async () => {
    for (const flags of [{ junit: 'x.xml' }, { with: ['.'] }]) {
      const { io, err } = recorder();
      const run = smokeCommand({ skipTests: true, ...flags }, io, '/tmp');
      await expect(run).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^--skip-tests runs/) });
      expect(err()).toBe('');
    }
  });

  it('checks the runner flags as `test` does (--no-deps needs --use-python)', async () => {
    await expect(smokeCommand({ deps: false }, recorder().io, '/tmp')).rejects.toMatchObject({
      message: '--no-deps works only with --use-python.',
      exitCode: 2,
    });
  });

  it('prints the table on stdout and returns 0 when every project passed', async () => {
    const { io, out, err } = recorder();
    const code = await smokeCommand({ only: ['example'], testTimeout: '60' }, io, '/tmp');
    expect(code).toBe(0);
    expect(out()).toMatch(
      /^Project +Tests +Failed +Time +Result\nExample +4 +0 +\d+\.\ds +passed\n✔ 1 of 1 projects passed\.\n$/,
    );
    expect(err()).toContain('▸ [1/1] Example');
  });
});
