/**
 * Helpers for the runner tests: throwaway directories (only under the OS
 * temp dir), tiny Python projects, an Io that records, and pip settings.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Io } from '../../src/core/io.js';

const made: string[] = [];

/** A fresh directory under the OS temp dir; removeTempDirs() deletes them. */
export async function tempDir(prefix = 'runner-'): Promise<string> {
  return track(await realpath(await mkdtemp(path.join(os.tmpdir(), prefix))));
}

function track(dir: string): string {
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  const dirs = made.splice(0);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Writes `files` (POSIX relative paths) under `root`, refusing anything outside the temp dir. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  const tmp = await realpath(os.tmpdir());
  for (const [name, text] of Object.entries(files)) {
    const target = path.resolve(root, name);
    if (!target.startsWith(tmp + path.sep)) throw new Error(`refusing to write outside ${tmp}: ${target}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

/** A shell script standing in for a program (POSIX only). */
export async function writeExecutable(root: string, name: string, script: string): Promise<string> {
  await writeFiles(root, { [name]: `#!/bin/sh\n${script}` });
  const file = path.join(root, name);
  await chmod(file, 0o755);
  return file;
}

/** A setuptools project `tinyproj` whose tests/ hold `tests` (file name -> Python source). */
export async function makeProject(tests: Record<string, string>, dependencies: string[] = []): Promise<string> {
  const dir = await tempDir('runner-project-');
  await writeFiles(dir, {
    'pyproject.toml': [
      '[build-system]',
      'requires = ["setuptools>=61"]',
      'build-backend = "setuptools.build_meta"',
      '[project]',
      'name = "tinyproj"',
      'version = "0.1.0"',
      `dependencies = [${dependencies.map((d) => JSON.stringify(d)).join(', ')}]`,
      '[tool.setuptools]',
      'packages = ["tinyproj"]',
      '',
    ].join('\n'),
    'tinyproj/__init__.py': 'ANSWER = 42\n',
    'tests/test_files/data.txt': 'hello\n',
    ...Object.fromEntries(Object.entries(tests).map(([name, source]) => [`tests/${name}`, source])),
  });
  return dir;
}

/** A unittest module that imports the installed project and reads test_files/ from the cwd. */
export const PASSING_TEST = `import unittest
import tinyproj

class TinyTest(unittest.TestCase):
    def test_installed(self):
        self.assertEqual(tinyproj.ANSWER, 42)

    def test_reads_test_files_from_cwd(self):
        with open('test_files/data.txt') as f:
            self.assertEqual(f.read(), 'hello\\n')

    @unittest.skip('shows up in the summary')
    def test_skipped(self):
        pass
`;

export const FAILING_TEST = `import unittest

class BrokenTest(unittest.TestCase):
    def test_wrong(self):
        self.assertEqual(1 + 1, 3, 'arithmetic is broken')

    def test_error(self):
        raise RuntimeError('boom')
`;

export interface RecordingIo extends Io {
  /** Everything written to stderr so far. */
  err(): string;
}

export function recordingIo(verbose = false): RecordingIo {
  let err = '';
  return {
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => ((err += chunk), true) },
    stdin: Readable.from([]),
    isTTY: false,
    verbose,
    err: () => err,
  };
}

/**
 * The machine's environment with one pip connection retry: enough for pip
 * to report an unreachable index, without its long back-off on each one.
 */
export function pipEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PIP_RETRIES: '1', ...extra };
}

/** pip with no configuration at all: no config files, no PIP_* variables. */
export function isolatedPipEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PIP_')));
  return { ...env, PIP_CONFIG_FILE: os.devNull, PIP_RETRIES: '1', ...extra };
}

/** Whether pip here is pointed at an index or wheel folder (read from pip, never assumed). */
export function pipHasIndex(): boolean {
  if (['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS'].some((key) => process.env[key])) return true;
  try {
    const config = execFileSync('python3', ['-m', 'pip', 'config', 'list'], { encoding: 'utf8' });
    return /(index-url|find-links)=/.test(config);
  } catch {
    return false;
  }
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether a process is still running (a zombie awaiting its reaper counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: the state letter follows the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc (macOS, Windows): signal 0 answered, so it exists.
    return true;
  }
}
