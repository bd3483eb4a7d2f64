import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { tempDir as lastingTempDir, pipEnv, pipHasIndex, removeTempDirs } from '../runner/helpers.js';
import { createBin, dispatcherBin, run } from './cli.js';

/**
 * `test --junit` and `test --with` for real: tiny projects (no Pacifica
 * stack) installed into one shared throwaway environment with --no-deps,
 * against whatever pip index or wheel folder pip is configured with here.
 * That environment has setuptools and wheel, so the builds skip isolation
 * (--no-build-isolation) and do not each fetch a setuptools.
 */
const hasIndex = pipHasIndex();

function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

/** A setuptools package `name` (distribution) with the import package `module`. */
function pyproject(name: string, module: string, version = '0.1.0'): Record<string, string> {
  return {
    'pyproject.toml': `[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"
[project]
name = "${name}"
version = "${version}"
[tool.setuptools]
packages = ["${module}"]
`,
    [`${module}/__init__.py`]: `VERSION = "${version}"\n`,
  };
}

const MIXED_TEST = `import unittest

class MixedTest(unittest.TestCase):
    def test_passes(self):
        pass

    def test_fails(self):
        self.assertEqual(1 + 1, 3, 'arithmetic is broken')

    def test_errors(self):
        raise RuntimeError('boom')

    @unittest.skip('not today')
    def test_skipped(self):
        pass
`;

interface Outcome {
  tag: string;
  message: string | null;
  text: string;
}
interface Case {
  classname: string;
  name: string;
  time: string;
  outcomes: Outcome[];
}
interface Suite {
  name: string;
  attrib: Record<string, string>;
  cases: Case[];
}

/** The JUnit file, read back with Python's own XML parser. */
function readJunit(file: string): { attrib: Record<string, string>; suites: Suite[] } {
  const program = `import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'testsuites', root.tag
print(json.dumps({'attrib': root.attrib, 'suites': [{'name': s.get('name'), 'attrib': s.attrib, 'cases': [
  {'classname': c.get('classname'), 'name': c.get('name'), 'time': c.get('time'),
   'outcomes': [{'tag': o.tag, 'message': o.get('message'), 'text': o.text or ''} for o in c]}
  for c in s.findall('testcase')]} for s in root.findall('testsuite')]}))`;
  const json = execFileSync('python3', ['-c', program, file], { encoding: 'utf8' });
  return JSON.parse(json) as ReturnType<typeof readJunit>;
}

describe('pacifica-dispatcher test --junit and --with (needs a pip index or find-links configured)', () => {
  beforeEach(({ skip }) => skip(!hasIndex, 'no pip index or find-links configured'));

  let python: string;

  beforeAll(async () => {
    if (!hasIndex) return;
    const dir = await lastingTempDir('cpd-junit-venv-');
    execFileSync('python3', ['-m', 'venv', path.join(dir, 'venv')]);
    python = path.join(dir, 'venv', 'bin', 'python');
    // No retries: an unreachable default index costs no back-off then.
    const env = pipEnv({ PIP_RETRIES: '0' });
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', 'setuptools>=61', 'wheel'], { env, stdio: 'pipe' });
  });

  afterAll(removeTempDirs);

  const shared = () => ['--use-python', python, '--no-deps', '--no-build-isolation'];

  it('writes JUnit XML whose cases and counts are what unittest reported, an import crash included', () => {
    const cwd = tempDir('cpd-junit-');
    writeTree(path.join(cwd, 'project'), {
      ...pyproject('tinyproj', 'tinyproj'),
      'tests/mixed_test.py': MIXED_TEST,
      'tests/crash_test.py': 'import no_such_module_anywhere\n',
    });
    mkdirSync(path.join(cwd, 'reports'));
    const args = ['test', 'project', ...shared(), '--junit', 'reports/junit.xml'];
    const result = run(dispatcherBin, args, { cwd, env: pipEnv() });
    expect(result.status).toBe(3);
    // The same output as `python -m unittest`: the summary is read from it as always.
    expect(result.stderr).toMatch(/^✖ Ran 5 tests/m);
    expect(result.stderr).toContain('  Tests: 5 run, 1 failed, 2 errors, 1 skipped\n');
    expect(result.stderr).toContain(`  JUnit XML: ${path.join(cwd, 'reports', 'junit.xml')}\n`);
    expect(result.stderr).toContain('ℹ Testing with no pacifica-*, jsonpath2 or cloudevents package installed\n');

    const junit = readJunit(path.join(cwd, 'reports', 'junit.xml'));
    expect(junit.attrib).toMatchObject({ tests: '5', failures: '1', errors: '2' });
    // The common JUnit schema has no skipped count on <testsuites>; each suite has its own.
    expect(junit.attrib.skipped).toBeUndefined();
    expect(Number(junit.attrib.time)).toBeGreaterThanOrEqual(0);
    const suites = Object.fromEntries(junit.suites.map((suite) => [suite.name, suite]));
    expect(Object.keys(suites).sort()).toEqual(['mixed_test.MixedTest', 'unittest.loader._FailedTest']);
    const counts = { tests: '4', failures: '1', errors: '1', skipped: '1' };
    expect(suites['mixed_test.MixedTest']?.attrib).toMatchObject(counts);
    const mixed = Object.fromEntries((suites['mixed_test.MixedTest']?.cases ?? []).map((c) => [c.name, c]));
    expect(Object.keys(mixed).sort()).toEqual(['test_errors', 'test_fails', 'test_passes', 'test_skipped']);
    expect(mixed.test_passes?.outcomes).toEqual([]);
    expect(mixed.test_fails?.classname).toBe('mixed_test.MixedTest');
    expect(mixed.test_fails?.time).toMatch(/^\d+\.\d{3}$/);
    expect(mixed.test_fails?.outcomes).toEqual([
      {
        tag: 'failure',
        message: 'AssertionError: 2 != 3 : arithmetic is broken',
        text: expect.stringContaining('Traceback') as string,
      },
    ]);
    expect(mixed.test_errors?.outcomes).toEqual([
      { tag: 'error', message: 'RuntimeError: boom', text: expect.stringContaining('raise RuntimeError') as string },
    ]);
    expect(mixed.test_skipped?.outcomes).toEqual([{ tag: 'skipped', message: 'not today', text: '' }]);
    const crash = suites['unittest.loader._FailedTest']?.cases;
    expect(crash).toEqual([
      {
        classname: 'unittest.loader._FailedTest',
        name: 'crash_test',
        time: expect.any(String),
        outcomes: [
          {
            tag: 'error',
            message: "ModuleNotFoundError: No module named 'no_such_module_anywhere'",
            text: expect.stringContaining('Failed to import test module: crash_test') as string,
          },
        ],
      },
    ]);
    // Written by a rename: nothing half-written is left beside it.
    expect(readdirSync(path.join(cwd, 'reports'))).toEqual(['junit.xml']);
  });

  it('installs a local checkout given with --with over the project, and names its version and path', () => {
    const cwd = tempDir('cpd-with-');
    writeTree(path.join(cwd, 'pacifica-tinyupstream'), pyproject('pacifica-tinyupstream', 'tinyupstream', '0.3.0'));
    writeTree(path.join(cwd, 'project'), {
      ...pyproject('tinyproj', 'tinyproj'),
      'tests/upstream_test.py': `import unittest
import tinyupstream

class UpstreamTest(unittest.TestCase):
    def test_the_checkout_is_installed(self):
        self.assertEqual(tinyupstream.VERSION, '0.3.0')
`,
    });
    const checkout = path.join(cwd, 'pacifica-tinyupstream');
    const args = ['test', 'project', ...shared(), '--with', './pacifica-tinyupstream'];
    const result = run(dispatcherBin, args, { cwd, env: pipEnv() });
    expect(result.stderr).toContain(`✔ Installed ${checkout} (without dependencies) (`);
    expect(result.stderr).toContain(`ℹ Testing with pacifica-tinyupstream 0.3.0 (${checkout})\n`);
    expect(result.stderr).toMatch(/^✔ 1 test passed\.$/m);
    expect(result.status).toBe(0);
    // pip built the checkout in place; it is left as it was.
    expect(readdirSync(checkout).sort()).toEqual(['pyproject.toml', 'tinyupstream']);
  });
});

describe('new with --junit or --with, where no tests run', () => {
  it('refuses them with --skip-tests or --dry-run, before anything is asked or written', () => {
    const cwd = tempDir();
    for (const [skip, flags, said] of [
      ['--skip-tests', ['--junit', 'j.xml'], '--junit applies'],
      ['--dry-run', ['--with', './lib', '--junit', 'j.xml'], '--with and --junit apply'],
    ] as const) {
      const result = run(createBin, ['Hello, world!', '--yes', skip, ...flags, '-d', 'p'], { cwd });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`✖ ${said} to the project's tests, which ${skip} does not run.`);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });
});
