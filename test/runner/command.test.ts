/** `pacifica-dispatcher test [dir]`: what it refuses before spawning, and what it prints. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testCommand } from '../../src/cli/commands/test.js';
import { UserError } from '../../src/core/errors.js';
import { EXIT_TESTS_FAILED, EXIT_TESTS_PASSED, type Exec } from '../../src/runner/run.js';
import { recordingIo, removeTempDirs, tempDir, writeFiles } from './helpers.js';

afterAll(removeTempDirs);

function replying(unittestOutput: string, exitCode = 0): Exec {
  const exec = (_file: string, args: string[]) => {
    const all = args.includes('--version') ? 'Python 3.11.7\n' : args.includes('unittest') ? unittestOutput : '';
    return Object.assign(Promise.resolve({ exitCode: args.includes('unittest') ? exitCode : 0, all }), {
      pid: 99_999_999,
    });
  };
  return exec as unknown as Exec;
}

const NEVER = (() => {
  throw new Error('spawned although the directory is not a project');
}) as unknown as Exec;

describe('testCommand', () => {
  it('refuses a directory that does not exist', async () => {
    const missing = path.join(await tempDir(), 'nope');
    const running = testCommand(missing, {}, recordingIo(), { exec: NEVER });
    await expect(running).rejects.toBeInstanceOf(UserError);
    await expect(running).rejects.toThrow(`Project directory "${missing}" does not exist.`);
  });

  it('names everything a project lacks', async () => {
    const dir = await tempDir();
    await expect(testCommand(dir, {}, recordingIo(), { exec: NEVER })).rejects.toThrow(
      `"${dir}" does not look like a Pacifica dispatcher project: it has no pyproject.toml or setup.py and no tests/ directory.`,
    );
    await writeFiles(dir, { 'pyproject.toml': '' });
    await expect(testCommand(dir, {}, recordingIo(), { exec: NEVER })).rejects.toThrow('it has no tests/ directory.');
    await writeFiles(dir, { 'tests/helpers.py': '' });
    await expect(testCommand(dir, {}, recordingIo(), { exec: NEVER })).rejects.toThrow(
      'tests/ holds no *_test.py file',
    );
  });

  it('accepts a setup.py project and prints the passing outcome', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'setup.py': '', 'tests/a_test.py': '' });
    const io = recordingIo();
    const code = await testCommand(dir, {}, io, { exec: replying('Ran 2 tests in 0.1s\n\nOK\n') });
    expect(code).toBe(EXIT_TESTS_PASSED);
    expect(io.err()).toMatch(/✔ 2 tests passed\.\n$/);
  });

  it('prints the failure with how to rerun, and returns the failure code', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'pyproject.toml': '', 'tests/a_test.py': '' });
    const io = recordingIo();
    const code = await testCommand(dir, {}, io, { exec: replying('Ran 2 tests in 0.1s\n\nFAILED (failures=1)\n', 1) });
    expect(code).toBe(EXIT_TESTS_FAILED);
    expect(io.err()).toContain('✖ Tests failed: 2 run, 1 failed, 0 errors, 0 skipped.\n');
    expect(io.err()).toContain('npx -p create-pacifica-dispatcher pacifica-dispatcher test');
    const venvPython = process.platform === 'win32' ? '..\\.venv\\Scripts\\python.exe' : '../.venv/bin/python';
    expect(io.err()).toContain(`${venvPython} -m unittest a_test.py`);
  });
});
