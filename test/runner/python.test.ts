/**
 * Bad Pythons, for real: shell scripts named python3 on a PATH of their own
 * stand in for an old interpreter, a broken one and one without venv.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_ENVIRONMENT_FAILED, runProjectTests } from '../../src/runner/run.js';
import { makeProject, PASSING_TEST, recordingIo, removeTempDirs, tempDir, writeExecutable } from './helpers.js';

afterAll(removeTempDirs);

/** A PATH holding only the given fake programs. */
async function fakePath(programs: Record<string, string>): Promise<string> {
  const bin = await tempDir('runner-fake-bin-');
  for (const [name, script] of Object.entries(programs)) await writeExecutable(bin, name, script);
  return bin;
}

const DEBIAN_VENV = `if [ "$1" = "--version" ]; then echo "Python 3.11.4"; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  /bin/mkdir -p .venv/bin
  echo "The virtual environment was not created successfully because ensurepip is not" >&2
  echo "available.  On Debian/Ubuntu systems, you need to install the python3-venv" >&2
  echo "package using the following command." >&2
  echo "" >&2
  echo "    apt install python3.11-venv" >&2
  exit 1
fi
exit 2
`;

describe.skipIf(process.platform === 'win32')('runProjectTests with a bad Python', () => {
  it('says which old Python it found and suggests --python', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST });
    const PATH = await fakePath({ python3: 'echo "Python 2.7.18" >&2\n' });
    const result = await runProjectTests(dir, { env: { ...process.env, PATH } }, recordingIo());
    expect(result).toMatchObject({
      exitCode: EXIT_ENVIRONMENT_FAILED,
      stage: 'python',
      message: 'Python >= 3.11 needed, but python3 is Python 2.7.18.',
    });
    expect(result.hint).toContain('--python');
    expect(result.hint).toContain('The project is kept in');
  });

  it('reports an interpreter whose --version fails, and every candidate tried', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST });
    const PATH = await fakePath({ python3: 'echo "broken install" >&2\nexit 1\n', python: 'echo "Python 3.6.15"\n' });
    const result = await runProjectTests(dir, { env: { ...process.env, PATH } }, recordingIo());
    expect(result.message).toBe(
      'Python >= 3.11 needed, but `python3 --version` failed (exit 1): broken install; python is Python 3.6.15.',
    );
  });

  it('says no Python was found when there is none', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST });
    const PATH = await fakePath({});
    const result = await runProjectTests(dir, { env: { ...process.env, PATH } }, recordingIo());
    expect(result.message).toBe('Python >= 3.11 needed, but none was found (tried python3, python).');
  });

  it('uses only the interpreter named by --python', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST });
    const bin = await fakePath({ python37: 'echo "Python 3.7.17"\n' });
    const result = await runProjectTests(dir, { python: path.join(bin, 'python37') }, recordingIo());
    expect(result.message).toBe(`Python >= 3.11 needed, but ${path.join(bin, 'python37')} is Python 3.7.17.`);
  });

  it('gives the python3-venv hint when venv cannot install pip, and removes the half-made .venv', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST });
    const PATH = await fakePath({ python3: DEBIAN_VENV });
    const io = recordingIo();
    const result = await runProjectTests(dir, { env: { ...process.env, PATH } }, io);
    expect(result).toMatchObject({ exitCode: EXIT_ENVIRONMENT_FAILED, stage: 'venv' });
    expect(result.message).toContain('ensurepip');
    expect(result.hint).toContain('Debian needs python3-venv: apt-get install python3-venv');
    expect(io.err()).toMatch(/^✖ Creating \.venv with Python 3\.11\.4/m);
    expect(io.err()).toContain('apt install python3.11-venv');
    await expect(access(path.join(dir, '.venv'))).rejects.toThrow();
  });

  it('refuses an existing .venv that does not work, and keeps it', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST });
    await writeExecutable(dir, '.venv/bin/python', 'echo "No module named pip" >&2\nexit 1\n');
    const result = await runProjectTests(dir, {}, recordingIo());
    expect(result).toMatchObject({ exitCode: EXIT_ENVIRONMENT_FAILED, stage: 'venv' });
    expect(result.hint).toContain('Delete the .venv folder');
    await access(path.join(dir, '.venv', 'bin', 'python'));
  });

  it('refuses --use-python without pip', async () => {
    const dir = await makeProject({ 'tiny_test.py': PASSING_TEST });
    const bin = await fakePath({
      python:
        'if [ "$1" = "--version" ]; then echo "Python 3.12.1"; exit 0; fi\necho "No module named pip" >&2\nexit 1\n',
    });
    const result = await runProjectTests(dir, { usePython: path.join(bin, 'python') }, recordingIo());
    expect(result).toMatchObject({
      exitCode: EXIT_ENVIRONMENT_FAILED,
      stage: 'python',
      message: `${path.join(bin, 'python')} has no working pip.`,
    });
    expect(result.hint).toContain('ensurepip');
  });
});
