import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import {
  fsProblem,
  lstatIfPresent,
  lstatSyncIfPresent,
  readTextIfPresent,
  statIfPresent,
  whenCode,
} from '../../src/core/fs.js';
import { listDirIfPresent } from '../../src/core/walk.js';
import { tempDir } from '../helpers/tmp.js';

const errno = (code: string, file?: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: failed`), { code, ...(file === undefined ? {} : { path: file }) });

/** A link that leads back to itself, and a path through a regular file. */
function oddPaths(): { dir: string; loop: string; throughFile: string } {
  const dir = tempDir();
  const loop = path.join(dir, 'loop');
  symlinkSync('loop', loop);
  writeFileSync(path.join(dir, 'file'), 'text');
  return { dir, loop, throughFile: path.join(dir, 'file', 'below') };
}

describe('file-system probes', () => {
  it('return undefined for nothing there, or a file on the path (ENOENT, ENOTDIR)', async () => {
    const { dir, throughFile } = oddPaths();
    for (const missing of [path.join(dir, 'nothing'), throughFile]) {
      expect(await statIfPresent(missing)).toBeUndefined();
      expect(await lstatIfPresent(missing)).toBeUndefined();
      expect(lstatSyncIfPresent(missing)).toBeUndefined();
      expect(await listDirIfPresent(missing)).toBeUndefined();
      expect(await readTextIfPresent(missing)).toBeUndefined();
    }
  });

  it('say what is there otherwise', async () => {
    const { dir, loop } = oddPaths();
    expect((await statIfPresent(path.join(dir, 'file')))?.isFile()).toBe(true);
    expect((await lstatIfPresent(loop))?.isSymbolicLink()).toBe(true);
    expect(lstatSyncIfPresent(loop)?.isSymbolicLink()).toBe(true);
    expect(await listDirIfPresent(dir)).toEqual([
      { name: 'file', kind: 'file' },
      { name: 'loop', kind: 'link' },
    ]);
    expect(await readTextIfPresent(path.join(dir, 'file'))).toBe('text');
  });

  it('report a path that cannot be looked at, as the user gave it, instead of taking it for missing', async () => {
    const { loop } = oddPaths();
    await expect(statIfPresent(loop)).rejects.toThrow(
      new UserError(
        `"${loop}" is a link loop: following it leads back to itself.`,
        'Remove the link, or make it point at the data.',
      ),
    );
    await expect(listDirIfPresent(loop, { what: 'Fixture', shownAs: 'loop' })).rejects.toThrow(
      'Fixture "loop" is a link loop: following it leads back to itself.',
    );
    await expect(listDirIfPresent(loop)).rejects.toBeInstanceOf(UserError);
    await expect(readTextIfPresent(loop, 'Route file')).rejects.toThrow(`Route file "${loop}" is a link loop`);
  });

  it('throw the error as it is for a caller that explains it (raw)', async () => {
    const { loop } = oddPaths();
    await expect(statIfPresent(loop, { raw: true })).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(listDirIfPresent(loop, { raw: true })).rejects.not.toBeInstanceOf(UserError);
  });

  it('never wait on a FIFO or read a directory as text', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(readTextIfPresent(fifo)).rejects.toThrow(`"${fifo}" is a FIFO (named pipe), not a regular file.`);
    await expect(readTextIfPresent(dir, 'Answers file')).rejects.toThrow(
      `Answers file "${dir}" is a directory, not a regular file.`,
    );
  });

  it('report an unreadable directory as such, not as missing', async ({ skip }) => {
    skip(process.getuid?.() === 0, 'running as root, whom permissions do not stop');
    const dir = tempDir();
    const closed = path.join(dir, 'closed');
    mkdirSync(closed);
    chmodSync(closed, 0o000);
    try {
      await expect(listDirIfPresent(closed)).rejects.toThrow(`"${closed}" cannot be read: permission denied.`);
      await expect(statIfPresent(path.join(closed, 'inside'))).rejects.toThrow('cannot be read: permission denied.');
    } finally {
      chmodSync(closed, 0o700);
    }
  });
});

describe('fsProblem', () => {
  it("says what reading a user's path failed on, or leaves a bug a bug", () => {
    expect(fsProblem('x.json', errno('EACCES'), { what: 'Answers file' })).toEqual(
      new UserError(
        'Answers file "x.json" cannot be read: permission denied.',
        'Give your user read permission (chmod u+r for a file, u+rx for a directory and the directories above it), or run as a user who can read it.',
      ),
    );
    expect(fsProblem('x', errno('ENOTDIR'))?.message).toBe(
      '"x" does not exist: a part of its path is a file, not a directory.',
    );
    expect(fsProblem('x', errno('EBADF'))).toBeUndefined();
    expect(fsProblem('x', new TypeError('a bug'))).toBeUndefined();
  });

  it('says what writing the project directory failed on, inside it or in a parent that exists', () => {
    const parent = tempDir();
    const dir = path.join(parent, 'missing', 'project');
    expect(fsProblem(dir, errno('EACCES'), { writingAt: path.join(dir, 'setup.py') })).toEqual(
      new UserError(
        `Cannot write to "${path.join(dir, 'setup.py')}": permission denied.`,
        'Fix its permissions (or run as a user who may write there).',
      ),
    );
    expect(fsProblem(dir, errno('EROFS'), { writingAt: path.join(parent, 'missing') })).toEqual(
      new UserError(
        `Cannot create "${dir}": the file system is read-only in "${parent}".`,
        'Choose another directory with --directory, or fix its permissions.',
      ),
    );
    expect(fsProblem(dir, errno('ENOSPC'), { writingAt: dir })?.message).toBe(
      `No space left on the device while writing to "${dir}".`,
    );
    expect(fsProblem(dir, errno('ELOOP'), { writingAt: dir })).toBeUndefined();
  });
});

describe('whenCode', () => {
  it('gives the value for an expected code and throws anything else', () => {
    expect(whenCode(['EEXIST'], 'fallback')(errno('EEXIST'))).toBe('fallback');
    expect(() => whenCode(['EEXIST'], 'fallback')(errno('EACCES'))).toThrow('EACCES: failed');
    expect(() => whenCode(['EEXIST'], 'fallback')(new TypeError('a bug'))).toThrow(TypeError);
  });
});
