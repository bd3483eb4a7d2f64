import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { isAlive } from '../runner/helpers.js';
import { dispatcherBin, run } from './cli.js';

/**
 * A stand-in Python: answers --version and pip, and runs `unittest` as
 * `behaviour` (a shell script), so the runner's deadline can be tested with
 * real processes and no pip index.
 */
function projectWithFakePython(behaviour: string): { dir: string; python: string } {
  const dir = tempDir('cpd-timeout-');
  mkdirSync(path.join(dir, 'tests'));
  writeFileSync(path.join(dir, 'pyproject.toml'), '');
  writeFileSync(path.join(dir, 'tests', 'a_test.py'), '');
  const python = path.join(dir, 'python');
  writeFileSync(
    python,
    `#!/bin/sh
case "$*" in
  --version) echo "Python 3.11.7" ;;
  "-m pip"*) echo "pip 24.0" ;;
  "-m unittest"*)
${behaviour}
    ;;
esac
`,
  );
  chmodSync(python, 0o755);
  return { dir, python };
}

/** A process that leaves the tests' session (setsid) and ignores SIGTERM, writing its pid to escaped.pid. */
const ESCAPE = `setsid sh -c 'trap "" TERM; echo $$ > escaped.pid; exec sleep 300'`;

const escapedPid = (dir: string): number => Number(readFileSync(path.join(dir, 'tests', 'escaped.pid'), 'utf8'));

describe.skipIf(process.platform !== 'linux')('pacifica-dispatcher test --test-timeout', () => {
  it('returns at the deadline when a test leaves a process that setsid()s, ignores SIGTERM and keeps stdout open, and kills it', () => {
    const { dir, python } = projectWithFakePython(`    ${ESCAPE} &
    echo "test started"
    sleep 300`);
    const started = Date.now();
    const result = run(dispatcherBin, ['test', dir, '--use-python', python, '--no-deps', '--test-timeout', '3'], {
      cwd: dir,
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(
      "The tests did not finish within 3s; they were stopped with every process they started that could be found (1 of them had left the tests' process group).",
    );
    expect(result.stderr).toContain('test started');
    expect(isAlive(escapedPid(dir))).toBe(false);
  });

  it('finds and kills an escaped process with stdout closed, and does not claim more than it knows', () => {
    const { dir, python } = projectWithFakePython(`    ${ESCAPE} >/dev/null 2>&1 &
    sleep 300`);
    const result = run(dispatcherBin, ['test', dir, '--use-python', python, '--no-deps', '--test-timeout', '2'], {
      cwd: dir,
    });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain("1 of them had left the tests' process group");
    expect(isAlive(escapedPid(dir))).toBe(false);
  });

  it('says a process still runs when one it cannot find holds the output open, and still returns at the deadline', () => {
    const { dir, python } =
      projectWithFakePython(`    setsid env -i sh -c 'trap "" TERM; echo $$ > escaped.pid; exec sleep 300' &
    sleep 300`);
    const started = Date.now();
    const result = run(dispatcherBin, ['test', dir, '--use-python', python, '--no-deps', '--test-timeout', '2'], {
      cwd: dir,
    });
    const pid = escapedPid(dir);
    try {
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(result.status).toBe(3);
      expect(result.stderr).toContain('a process they started could not be found and still holds their output open');
      expect(result.stderr).not.toContain('with every process');
    } finally {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it("takes a timeout past Node's 32-bit timer as a long limit, not an immediate failure", () => {
    const { dir, python } = projectWithFakePython(`    sleep 1
    printf 'Ran 1 test in 1.0s\\n\\nOK\\n' >&2`);
    const result = run(dispatcherBin, ['test', dir, '--use-python', python, '--no-deps', '--test-timeout', '3000000'], {
      cwd: dir,
    });
    expect(result.stderr).toContain('1 test passed.');
    expect(result.status).toBe(0);
  });

  it.each(['0', '-5', 'soon', '1e12'])('refuses --test-timeout %s with the valid range', (value) => {
    const { dir, python } = projectWithFakePython('    exit 0');
    const result = run(dispatcherBin, ['test', dir, '--use-python', python, '--test-timeout', value], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `--test-timeout "${value}" is not a number of seconds above 0 and at most 315360000 (ten years).`,
    );
  });
});
