import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SMOKE_PROJECTS } from '../../src/core/smoke-set.js';
import { insideTemp, tempDir } from '../helpers/tmp.js';
import { dispatcherBin, run } from './cli.js';
import { start } from './spawn.js';

/**
 * `pacifica-dispatcher smoke` as a user runs it: the help names the set,
 * --only refuses unknown names, --skip-tests generates and checks the set;
 * with PACIFICA_PYTHON, the set passes on the real upstream stack and fails,
 * naming the failing tests, with a broken copy of pacifica-dispatcher.
 */
const scratchOf = (stderr: string): string => /Smoke projects in (\S+)/.exec(stderr)?.[1] ?? '';

describe('smoke (no Python needed)', () => {
  it('lists the set in its help', () => {
    const result = run(dispatcherBin, ['smoke', '--help'], { cwd: tempDir() });
    expect(result.status).toBe(0);
    for (const { id, name } of SMOKE_PROJECTS) expect(result.stdout).toMatch(new RegExp(`\\n  ${id} +${name}:`, 'u'));
  });

  it('refuses an unknown --only naming the set, as a usage error', () => {
    const result = run(dispatcherBin, ['smoke', '--only', 'Spectra', '--only', 'nope'], { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^✖ --only: there is no smoke project "nope"\.\n {2}Give one of:\n {2}example /);
    expect(result.stdout).toBe('');
  });

  it('--skip-tests generates and checks every project, prints the table, and leaves nothing behind', () => {
    const result = run(dispatcherBin, ['smoke', '--skip-tests'], { cwd: tempDir() });
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Project +Tests +Failed +Time +Result$/);
    expect(lines.slice(1, -1).map((line) => line.split(/ {2,}/)[0])).toEqual(SMOKE_PROJECTS.map((p) => p.name));
    expect(lines.at(-1)).toBe('✔ 5 of 5 projects generated and checked.');
    expect(result.stderr.match(/all checks passed/g)).toHaveLength(5);
    expect(existsSync(scratchOf(result.stderr))).toBe(false);
  });

  it('--keep keeps the projects and says where', () => {
    const result = run(dispatcherBin, ['smoke', '--skip-tests', '--keep', '--only', '3d-scans'], { cwd: tempDir() });
    const kept = /The projects are kept in (\S+)/.exec(result.stderr)?.[1] ?? '';
    try {
      expect(result.status).toBe(0);
      expect(existsSync(path.join(kept, 'pacifica-dispatcher-3d-scans', '.pacifica-dispatcher.json'))).toBe(true);
    } finally {
      if (kept !== '') rmSync(insideTemp(kept), { recursive: true, force: true });
    }
  });
});

describe.skipIf(process.platform !== 'linux')('smoke, interrupted', () => {
  it('removes the temporary directory on Ctrl-C while a project installs, and exits 130', async () => {
    const cwd = tempDir();
    const installing = path.join(cwd, 'installing');
    // A stand-in Python whose pip install hangs until it is stopped.
    const fake = path.join(cwd, 'python');
    writeFileSync(
      fake,
      `#!/bin/sh\ncase "$*" in\n  --version) echo "Python 3.11.7" ;;\n  "-c"*) echo "setuptools - wheel -" ;;\n` +
        `  "-m pip"*) touch ${JSON.stringify(installing)}; exec sleep 300 ;;\nesac\n`,
    );
    chmodSync(fake, 0o755);
    const running = start(dispatcherBin, ['smoke', '--use-python', fake, '--no-deps'], { cwd });
    const deadline = Date.now() + 30_000;
    while (!existsSync(installing) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    running.child.kill('SIGINT');
    const result = await running.done;
    expect(result.status).toBe(130);
    expect(result.stderr).toContain('✖ Interrupted.');
    const scratch = scratchOf(result.stderr);
    expect(scratch).toMatch(/pacifica-dispatcher-smoke-/);
    expect(existsSync(scratch)).toBe(false);
  });
});

const python = process.env.PACIFICA_PYTHON;

/**
 * An environment over the stack's, so the projects and a --with go into it
 * and the stack's stays as it is: a venv of the same Python that adds the
 * stack's site-packages (with its .pth files) after its own, and puts its
 * own portion of the `pacifica` namespace before the stack's.
 */
function overlayEnvironment(stackPython: string): string {
  const dir = path.join(tempDir('smoke-env-'), 'env');
  const sitePackages = (interpreter: string): string =>
    spawnSync(interpreter, ['-c', 'import site; print(site.getsitepackages()[0])'], { encoding: 'utf8' }).stdout.trim();
  const stack = sitePackages(stackPython);
  expect(spawnSync(stackPython, ['-m', 'venv', '--without-pip', '--system-site-packages', dir]).status).toBe(0);
  const own = sitePackages(path.join(dir, 'bin', 'python'));
  writeFileSync(
    path.join(own, '00-pacifica-overlay.pth'),
    `import sys, types; m = sys.modules.setdefault('pacifica', types.ModuleType('pacifica')); m.__dict__.setdefault('__path__', []).insert(0, ${JSON.stringify(path.join(own, 'pacifica'))})\n`,
  );
  writeFileSync(path.join(own, 'stack.pth'), `import site; site.addsitedir(${JSON.stringify(stack)})\n`);
  return path.join(dir, 'bin', 'python');
}

/** Where pip installed the stack's pacifica-dispatcher from (a local checkout), if it says. */
function dispatcherSource(stackPython: string): string | undefined {
  const probe = spawnSync(
    stackPython,
    [
      '-c',
      "import json; from importlib import metadata; t = metadata.distribution('pacifica-dispatcher').read_text('direct_url.json'); print(json.loads(t)['url'] if t else '')",
    ],
    { encoding: 'utf8' },
  );
  const url = probe.stdout.trim();
  return url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : undefined;
}

describe('smoke on the real upstream stack (PACIFICA_PYTHON)', () => {
  beforeEach(({ skip }) => skip(!python, 'PACIFICA_PYTHON not set'));
  let environment = '';
  beforeAll(() => {
    if (python) environment = overlayEnvironment(python);
  });

  it('passes every project of the set, in one environment', () => {
    const cwd = tempDir();
    const result = run(dispatcherBin, ['smoke', '--use-python', environment, '--no-deps', '--junit', 'smoke.xml'], {
      cwd,
      env: { PIP_RETRIES: '1' },
    });
    expect(result.stdout).toMatch(/✔ 5 of 5 projects passed\.\n$/);
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(cwd, 'smoke.xml'), 'utf8')).toMatch(
      /<testsuites name="pacifica-dispatcher smoke" tests="\d+" failures="0" errors="0"/,
    );
  });

  it('fails with a table and a JUnit file naming the failing tests when pacifica-dispatcher is broken', (context) => {
    const source = dispatcherSource(python!);
    if (source === undefined) return context.skip('the stack has no local checkout of pacifica-dispatcher');
    const cwd = tempDir();
    const broken = path.join(cwd, 'pacifica-dispatcher');
    cpSync(source, broken, {
      recursive: true,
      filter: (file) => !/[\\/](build|\.git|[^\\/]*\.egg-info)$/.test(file),
    });
    const router = path.join(broken, 'pacifica', 'dispatcher', 'router.py');
    const text = readFileSync(router, 'utf8');
    const match =
      '        for route in self._routes:\n            if route.match(event_data):\n                yield route\n';
    expect(text).toContain(match);
    writeFileSync(router, text.replace(match, '        return\n        yield\n'));
    const brokenEnvironment = overlayEnvironment(python!);
    const result = run(
      dispatcherBin,
      [
        'smoke',
        '--use-python',
        brokenEnvironment,
        '--no-deps',
        '--no-build-isolation',
        '--with',
        './pacifica-dispatcher',
        '--junit',
        'smoke.xml',
        '--only',
        'example',
        '--only',
        'routes',
      ],
      { cwd, env: { PIP_RETRIES: '1', SETUPTOOLS_SCM_PRETEND_VERSION: '0.2.5' } },
    );
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/^Example +\d+ +[1-9]\d* +[\d.]+s +tests failed$/m);
    expect(result.stdout).toMatch(/^Imaging +\d+ +[1-9]\d* +[\d.]+s +tests failed$/m);
    expect(result.stdout).toMatch(/✖ 2 of 2 projects failed: Example, Imaging\.\n$/);
    const junit = readFileSync(path.join(cwd, 'smoke.xml'), 'utf8');
    expect(junit).toMatch(
      /<testcase classname="Example \/ example_test\.ExampleTestCase" name="test_metadata_ingest_1_router_picks_ExampleEventHandler" time="[\d.]+">\s*<failure/,
    );
    expect(junit).toMatch(/<testcase classname="Imaging \/ [^"]+" name="[^"]+" time="[\d.]+">\s*<failure/);
  });
});
