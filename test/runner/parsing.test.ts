/** The runner's pure parts: reading unittest, pip, venv and --version output; building commands. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { displayDir, quoteArg } from '../../src/core/command-line.js';
import { stepLine, tail } from '../../src/runner/format.js';
import { junitNotWritten } from '../../src/runner/junit.js';
import { connectionFailure, explainPipFailure, missingRequirement, pipInstallArgs } from '../../src/runner/pip.js';
import { formatProvenance, PROVENANCE_PROBE, parseProvenance } from '../../src/runner/provenance.js';
import { explainVenvFailure, isSupported, parsePythonVersion, venvPython } from '../../src/runner/python.js';
import { rerunHint } from '../../src/runner/rerun.js';
import { EXIT_TESTS_FAILED, formatOutcome } from '../../src/runner/run.js';
import { formatSummary, parseUnittestOutput } from '../../src/runner/unittest.js';

describe('parseUnittestOutput', () => {
  it.each([
    ['..\n----\nRan 2 tests in 0.001s\n\nOK\n', { ran: 2, failures: 0, errors: 0, skipped: 0, ok: true }],
    ['Ran 1 test in 0.000s\n\nOK\n', { ran: 1, failures: 0, errors: 0, skipped: 0, ok: true }],
    ['Ran 3 tests in 0.010s\n\nOK (skipped=1)\n', { ran: 3, failures: 0, errors: 0, skipped: 1, ok: true }],
    [
      'Ran 5 tests in 1.2s\n\nFAILED (failures=2, errors=1, skipped=3)\n',
      { ran: 5, failures: 2, errors: 1, skipped: 3, ok: false },
    ],
    ['Ran 4 tests in 0.1s\r\n\r\nFAILED (errors=4)\r\n', { ran: 4, failures: 0, errors: 4, skipped: 0, ok: false }],
    [
      'Ran 2 tests in 0.1s\n\nOK (skipped=1, expected failures=1)\n',
      { ran: 2, failures: 0, errors: 0, skipped: 1, ok: true },
    ],
    [
      'Ran 1 test in 0.1s\n\nFAILED (unexpected successes=1)\n',
      { ran: 1, failures: 0, errors: 0, skipped: 0, ok: false },
    ],
    ['Ran 0 tests in 0.000s\n\nNO TESTS RAN\n', { ran: 0, failures: 0, errors: 0, skipped: 0, ok: false }],
    ['Ran 0 tests in 0.000s\n\nOK\n', { ran: 0, failures: 0, errors: 0, skipped: 0, ok: false }],
  ])('reads %j', (output, expected) => {
    expect(parseUnittestOutput(output)).toEqual(expected);
  });

  it('reads the last run when a test prints something that looks like a summary', () => {
    const output = 'Ran 9 tests in 0.0s\nOK\n...\nRan 2 tests in 0.3s\n\nFAILED (failures=1)\n';
    expect(parseUnittestOutput(output)).toMatchObject({ ran: 2, failures: 1 });
  });

  it('returns undefined when unittest never reached its summary', () => {
    expect(parseUnittestOutput('Traceback (most recent call last):\nSyntaxError: invalid syntax\n')).toBeUndefined();
    expect(parseUnittestOutput('Ran 2 tests in 0.1s\n')).toBeUndefined();
  });

  it('formats a summary with singular and plural words', () => {
    expect(formatSummary({ ran: 3, failures: 1, errors: 1, skipped: 0, ok: false })).toBe(
      '3 run, 1 failed, 1 error, 0 skipped',
    );
    expect(formatSummary({ ran: 3, failures: 0, errors: 2, skipped: 1, ok: false })).toBe(
      '3 run, 0 failed, 2 errors, 1 skipped',
    );
  });
});

describe('Python versions and venv failures', () => {
  it.each([
    ['Python 3.11.7\n', [3, 11, 7], true],
    ['Python 2.7.18\n', [2, 7, 18], false],
    ['Python 3.7.9', [3, 7, 9], false],
    ['Python 3.8.0', [3, 8, 0], false],
    ['Python 3.10.12', [3, 10, 12], false],
    ['Python 3.11.0', [3, 11, 0], true],
    ['Python 3.13.0rc1', [3, 13, 0], true],
    ['Python 4.0', [4, 0, 0], true],
  ])('reads %j as %j (supported: %s)', (output, version, supported) => {
    expect(parsePythonVersion(output)).toEqual(version);
    expect(isSupported(version)).toBe(supported);
  });

  it('finds no version in output that has none', () => {
    expect(parsePythonVersion('command not found')).toBeUndefined();
  });

  it('points Debian users at python3-venv when ensurepip is missing', () => {
    const debian =
      'The virtual environment was not created successfully because ensurepip is not\navailable.  On Debian/Ubuntu systems, you need to install the python3-venv\npackage using the following command.\n\n    apt install python3.11-venv\n';
    const problem = explainVenvFailure(debian, 'python3');
    expect(problem.message).toContain('ensurepip');
    expect(problem.hint).toContain('apt-get install python3-venv');
    expect(explainVenvFailure('/usr/bin/python3: No module named venv\n', 'python3').hint).toContain('python3-venv');
  });

  it('puts the venv interpreter where each platform keeps it', () => {
    expect(venvPython('/p', 'linux')).toBe('/p/.venv/bin/python');
    expect(venvPython('C:\\p', 'win32')).toBe('C:\\p\\.venv\\Scripts\\python.exe');
  });
});

describe('pip', () => {
  it('forwards every pip option, in a stable order, to one install of the project', () => {
    const pip = {
      indexUrl: 'https://idx/simple',
      extraIndexUrls: ['https://a', 'https://b'],
      findLinks: ['wheels', 'more'],
      noBuildIsolation: true,
    };
    expect(pipInstallArgs(pip, true)).toEqual([
      '-m',
      'pip',
      'install',
      '--no-input',
      '--disable-pip-version-check',
      '--index-url',
      'https://idx/simple',
      '--extra-index-url',
      'https://a',
      '--extra-index-url',
      'https://b',
      '--find-links',
      'wheels',
      '--find-links',
      'more',
      '--no-build-isolation',
      '--no-deps',
      '.',
    ]);
    expect(pipInstallArgs({}, false)).toEqual([
      '-m',
      'pip',
      'install',
      '--no-input',
      '--disable-pip-version-check',
      '.',
    ]);
  });

  const refused = `Looking in indexes: http://127.0.0.1:9/simple
Processing /tmp/p
      WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused')': /simple/setuptools/
      ERROR: Could not find a version that satisfies the requirement setuptools>=61 (from versions: none)
      ERROR: No matching distribution found for setuptools>=61
error: subprocess-exited-with-error
`;
  const missing = `Looking in indexes: https://pypi.org/simple, file:///srv/mirror/simple
WARNING: Location 'file:///srv/mirror/simple/jsonpath2/' is ignored: it is neither a file nor a directory.
ERROR: Could not find a version that satisfies the requirement jsonpath2 (from tinyproj) (from versions: none)
ERROR: No matching distribution found for jsonpath2
`;

  it('says an index cannot be reached, naming it, the reason and what was not found', () => {
    expect(connectionFailure(refused)).toBe('Connection refused');
    expect(explainPipFailure(refused).message).toBe(
      'pip cannot reach the package index http://127.0.0.1:9/simple (Connection refused): No matching distribution found for setuptools>=61.',
    );
    const dns = missing.replace(
      'ERROR: Could',
      `WARNING: Retrying (Retry(total=4)) after connection broken by 'NewConnectionError('<x>: Failed to establish a new connection: [Errno -2] Name or service not known')': /simple/jsonpath2/\nERROR: Could`,
    );
    expect(explainPipFailure(dns).message).toBe(
      'pip cannot reach the package index https://pypi.org/simple (Name or service not known): No matching distribution found for jsonpath2.',
    );
  });

  it('names a missing package and suggests --index-url, --find-links and --use-python', () => {
    expect(missingRequirement(missing)).toBe('jsonpath2');
    const problem = explainPipFailure(missing);
    expect(problem.message).toBe('pip cannot install the project: No matching distribution found for jsonpath2.');
    expect(problem.hint).toContain('--index-url');
    expect(problem.hint).toContain('--find-links');
    expect(problem.hint).toContain('--use-python');
  });

  it('falls back to a general message for other pip failures', () => {
    expect(explainPipFailure('error: metadata-generation-failed\n').message).toBe('pip cannot install the project.');
    expect(explainPipFailure('ERROR: ResolutionImpossible: ...').message).toContain('conflict');
  });
});

describe('messages', () => {
  it('writes step lines with their duration', () => {
    expect(stepLine(true, 'Created .venv', 2149)).toBe('✔ Created .venv (2.1s)\n');
    expect(stepLine(false, 'Installing the project failed', 40)).toBe('✖ Installing the project failed (0.0s)\n');
  });

  it('shows only the last lines of long output, saying how many were left out', () => {
    const output = `${Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n')}\n\n`;
    const shown = tail(output, 40);
    expect(shown.startsWith('  … 10 earlier lines not shown\n  │ line 11\n')).toBe(true);
    expect(shown.endsWith('  │ line 50\n')).toBe(true);
    expect(tail('')).toBe('');
  });

  it('quotes only the arguments that need it, for each shell', () => {
    expect(quoteArg('tests/a_test.py', 'linux')).toBe('tests/a_test.py');
    expect(quoteArg('my project', 'linux')).toBe(`'my project'`);
    expect(quoteArg(`it's`, 'linux')).toBe(`'it'\\''s'`);
    expect(quoteArg('my project', 'win32')).toBe('"my project"');
  });

  it('shows the project directory relative to the current one when inside it', () => {
    expect(displayDir('/home/u/projects/hello', '/home/u/projects')).toBe('hello');
    expect(displayDir('/home/u/projects', '/home/u/projects')).toBe('.');
    expect(displayDir('/srv/hello', '/home/u/projects')).toBe('/srv/hello');
  });

  it('tells how to rerun everything, and once tests ran, only the tests', () => {
    expect(rerunHint('hello', undefined, ['a_test.py'], 'linux', false, process.cwd())).toBe(
      'The project is kept in hello. Rerun: cd hello && npx -p create-pacifica-dispatcher pacifica-dispatcher test',
    );
    expect(rerunHint('hello', undefined, ['a_test.py', 'b_test.py'], 'linux', true, process.cwd())).toContain(
      'Or only the tests: cd hello/tests && ../.venv/bin/python -m unittest a_test.py b_test.py',
    );
    expect(rerunHint('hello', undefined, ['a_test.py'], 'win32', true, process.cwd())).toContain(
      'cd hello\\tests && ..\\.venv\\Scripts\\python.exe -m unittest a_test.py',
    );
    expect(rerunHint('hello', 'env/bin/python', ['a_test.py'], 'linux', true, process.cwd())).toContain(
      'Rerun: cd hello && npx -p create-pacifica-dispatcher pacifica-dispatcher test --use-python ../env/bin/python\nOr only the tests: cd hello/tests && ../../env/bin/python -m unittest a_test.py',
    );
    expect(rerunHint('hello', '/opt/env/bin/python', ['a_test.py'], 'linux', false, process.cwd(), true)).toContain(
      'npx -p create-pacifica-dispatcher pacifica-dispatcher test --use-python /opt/env/bin/python --no-deps',
    );
  });

  it('keeps every flag of the run in the rerun command, with the interpreter path as seen from the project', () => {
    const hint = rerunHint(
      'hello',
      undefined,
      ['a_test.py'],
      'linux',
      false,
      process.cwd(),
      false,
      'pacifica-dispatcher',
      {
        python: 'py/bin/python3.12',
        pip: {
          indexUrl: 'https://pypi.example.org/simple',
          extraIndexUrls: [],
          findLinks: ['wheels'],
          noBuildIsolation: true,
        },
        testTimeoutSeconds: 60,
      },
    );
    expect(hint).toBe(
      'The project is kept in hello. Rerun: cd hello && pacifica-dispatcher test --python ../py/bin/python3.12' +
        ' --index-url https://pypi.example.org/simple --find-links wheels --no-build-isolation --test-timeout 60',
    );
  });

  it('says the project is kept here, with no `cd .`, when run from inside it', () => {
    expect(rerunHint('.', undefined, ['a_test.py'], 'linux', false, process.cwd(), false, 'pacifica-dispatcher')).toBe(
      'The project is kept here. Rerun: pacifica-dispatcher test',
    );
  });

  it('formats the outcome as a mark, the message and the indented hint', () => {
    expect(formatOutcome({ exitCode: EXIT_TESTS_FAILED, message: 'Tests failed.', hint: 'Fix it.\nRerun.' })).toBe(
      '✖ Tests failed.\n  Fix it.\n  Rerun.\n',
    );
    expect(formatOutcome({ exitCode: 0, message: '2 tests passed.' })).toBe('✔ 2 tests passed.\n');
  });
});

describe('the packages the tests run with', () => {
  it("reads the probe's JSON line, and nothing from an interpreter that did not answer", () => {
    expect(parseProvenance('[["pacifica-dispatcher", "0.2.5", "/src/d"], ["jsonpath2", "0.4.5", ""]]\n')).toEqual([
      { name: 'pacifica-dispatcher', version: '0.2.5', origin: '/src/d' },
      { name: 'jsonpath2', version: '0.4.5', origin: '' },
    ]);
    expect(parseProvenance('[]\n')).toEqual([]);
    expect(parseProvenance('')).toBeUndefined();
    expect(parseProvenance('pip 24.0\n')).toBeUndefined();
  });

  it('says them on one line, with where a package came from when pip recorded it', () => {
    const origin = 'git+https://github.com/pacifica/pacifica-dispatcher@0123456789ab';
    expect(
      formatProvenance([
        { name: 'pacifica-dispatcher', version: '0.2.5', origin },
        { name: 'cloudevents', version: '1.9.0', origin: '' },
      ]),
    ).toBe(`ℹ Testing with pacifica-dispatcher 0.2.5 (${origin}), cloudevents 1.9.0\n`);
    expect(formatProvenance([])).toBe('ℹ Testing with no pacifica-*, jsonpath2 or cloudevents package installed\n');
  });

  it('is a probe Python runs and answers', () => {
    const output = execFileSync('python3', ['-c', PROVENANCE_PROBE, os.tmpdir()], { encoding: 'utf8' });
    expect(parseProvenance(output)).toBeInstanceOf(Array);
  });
});

describe('junitNotWritten', () => {
  it('reads why the JUnit runner could not write its file', () => {
    const why = "[Errno 13] Permission denied: '/r/j.xml'";
    expect(junitNotWritten(`OK\nJUnit XML not written: ${why}\n`)).toBe(why);
    expect(junitNotWritten('Ran 1 test in 0.0s\n\nOK\n')).toBeUndefined();
  });
});
