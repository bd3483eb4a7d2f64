import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_CHUNK, hashFile } from '../../src/core/hash.js';
import type { FileContent, FileMap } from '../../src/core/types.js';
import { lockedProject, updateProject, writeProject } from '../../src/write/write.js';
import { tempDir } from '../helpers/tmp.js';

const project = (): FileMap =>
  new Map<string, string | Uint8Array>([
    ['README.md', '# hello\n'],
    ['pacifica/dispatcher_x/__init__.py', ''],
    ['tests/test_files/e/data/blob.bin', new Uint8Array([0, 255, 10])],
  ]);

describe('writeProject', () => {
  it('writes every file of a new project, creating missing parents', async () => {
    const dir = path.join(tempDir(), 'deep', 'er', 'out');
    await writeProject(dir, project());
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# hello\n');
    expect([...readFileSync(path.join(dir, 'tests/test_files/e/data/blob.bin'))]).toEqual([0, 255, 10]);
  });

  it('leaves no temporary directory beside the project', async () => {
    const parent = tempDir();
    await writeProject(path.join(parent, 'out'), project());
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('refuses a non-empty directory and lists what is in it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(writeProject(dir, project())).rejects.toThrow(/is not empty[\s\S]*notes\.txt/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('writes into a non-empty directory with force, keeping files it does not replace', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    mkdirSync(path.join(dir, 'tests'));
    writeFileSync(path.join(dir, 'tests', 'other_test.py'), 'x');
    writeFileSync(path.join(dir, 'README.md'), 'old');
    await writeProject(dir, project(), { force: true });
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(dir, 'tests', 'other_test.py'), 'utf8')).toBe('x');
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# hello\n');
  });

  it('writes into an existing empty directory', async () => {
    const dir = tempDir();
    await writeProject(dir, project());
    expect(existsSync(path.join(dir, 'pacifica/dispatcher_x/__init__.py'))).toBe(true);
  });

  it.each(['../escape.txt', '/etc/passwd', 'a/../../b', 'a\\b', 'C:/x', 'a//b'])(
    'refuses to write %j, outside the project',
    async (bad) => {
      const parent = tempDir();
      await expect(writeProject(path.join(parent, 'out'), new Map([[bad, 'x']]))).rejects.toThrow(
        /not a relative path inside the project/,
      );
      expect(readdirSync(parent)).toEqual([]);
    },
  );

  it('streams a data file copy and checks it against its sha1', async () => {
    const source = path.join(tempDir(), 'big.dat');
    writeFileSync(source, Buffer.alloc(3 * 1024 * 1024, 7));
    const { digest: sha1, size } = await hashFile(source);
    const dir = path.join(tempDir(), 'out');
    await writeProject(dir, new Map<string, FileContent>([['data/big.dat', { copyFrom: source, sha1, size }]]));
    expect((await hashFile(path.join(dir, 'data/big.dat'))).digest).toBe(sha1);
  });

  it('leaves nothing behind when a data file changed since it was hashed', async () => {
    const source = path.join(tempDir(), 'data.txt');
    writeFileSync(source, 'now');
    const parent = tempDir();
    const dir = path.join(parent, 'new', 'out');
    const files: FileMap = new Map<string, FileContent>([
      ['README.md', 'x'],
      ['data.txt', { copyFrom: source, sha1: '0'.repeat(40), size: 3 }],
    ]);
    await expect(writeProject(dir, files)).rejects.toThrow(/changed while the project was being generated/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('copies data files of sizes around the read chunk, each byte for byte', async () => {
    const data = tempDir();
    const files: FileMap = new Map<string, FileContent>();
    for (let i = 0; i < 12; i++) {
      const source = path.join(data, `f${i}.bin`);
      // Empty, smaller than a chunk, exactly one, several and a part.
      writeFileSync(source, Buffer.alloc([0, 1, FILE_CHUNK, 2.5 * FILE_CHUNK][i % 4] as number, i));
      const { digest: sha1, size } = await hashFile(source);
      files.set(`data/sub${i % 3}/f${i}.bin`, { copyFrom: source, sha1, size });
    }
    const dir = path.join(tempDir(), 'out');
    await writeProject(dir, files);
    for (const [relative, content] of files) {
      const copy = readFileSync(path.join(dir, relative));
      expect(copy.equals(readFileSync((content as { copyFrom: string }).copyFrom))).toBe(true);
    }
  });

  it('leaves nothing behind when one of many data files changed since it was hashed', async () => {
    const data = tempDir();
    const files: FileMap = new Map<string, FileContent>([['README.md', 'x']]);
    for (let i = 0; i < 16; i++) {
      const source = path.join(data, `f${i}.bin`);
      writeFileSync(source, Buffer.alloc(FILE_CHUNK + i, i));
      const { digest: sha1, size } = await hashFile(source);
      files.set(`data/f${i}.bin`, { copyFrom: source, sha1, size });
    }
    writeFileSync(path.join(data, 'f5.bin'), 'changed');
    const parent = tempDir();
    await expect(writeProject(path.join(parent, 'new', 'out'), files)).rejects.toThrow(
      /f5\.bin" changed while the project was being generated/,
    );
    expect(readdirSync(parent)).toEqual([]);
  });

  it('does not delete a directory it did not create when writing fails', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    const files: FileMap = new Map<string, FileContent>([
      ['a.txt', 'a'],
      ['b.txt', { copyFrom: path.join(dir, 'missing.txt'), sha1: 'x', size: 1 }],
    ]);
    await expect(writeProject(dir, files, { force: true })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('refuses with --force, before changing anything, a directory where the project has a file', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'README.md', 'sub'), { recursive: true });
    writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    await expect(writeProject(dir, project(), { force: true })).rejects.toThrow(
      /"README.md" .* is a directory, where the project has a file/,
    );
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'keep.txt']);
  });

  it('refuses with --force to write through a symbolic link, which could lead outside the project', async () => {
    const dir = tempDir();
    const outside = tempDir();
    symlinkSync(outside, path.join(dir, 'tests'));
    await expect(writeProject(dir, project(), { force: true })).rejects.toThrow(/"tests" .* is a symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['tests']);
  });

  it('puts back every file it replaced when a later file fails', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'README.md'), 'old');
    const files: FileMap = new Map<string, FileContent>([
      ['README.md', 'new'],
      ['z.txt', { copyFrom: path.join(dir, 'missing'), sha1: 'x', size: 1 }],
    ]);
    await expect(writeProject(dir, files, { force: true })).rejects.toThrow();
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['README.md']);
  });

  it('explains a directory it may not write to, instead of crashing', async ({ skip }) => {
    skip(process.getuid?.() === 0, 'running as root, whom permissions do not stop');
    const parent = tempDir();
    chmodSync(parent, 0o555);
    await expect(writeProject(path.join(parent, 'out'), project())).rejects.toThrow(
      /Cannot create .*out": permission denied in /,
    );
    chmodSync(parent, 0o755);
  });

  it('names a target whose parent is a file', async () => {
    const parent = tempDir();
    writeFileSync(path.join(parent, 'file'), 'x');
    await expect(writeProject(path.join(parent, 'file', 'out'), project())).rejects.toThrow(
      /"[^"]*file" is a file, so "[^"]*out" cannot be created/,
    );
  });
});

describe('updateProject with removals', () => {
  it('moves a file to a new name in one commit, removing the directories it leaves empty and keeping the others', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'tests', 'old_event', 'data'), { recursive: true });
    writeFileSync(path.join(dir, 'tests', 'old_event', 'data', 'a.txt'), 'a');
    writeFileSync(path.join(dir, 'tests', 'example_test.py'), 'old test');
    await lockedProject(
      dir,
      () => {},
      () =>
        updateProject(
          dir,
          new Map([
            ['tests/spectra_test.py', 'old test, renamed'],
            ['tests/new_event/data/a.txt', 'a'],
          ]),
          { remove: ['tests/example_test.py', 'tests/old_event/data/a.txt', 'tests/never_there.py'] },
        ),
    );
    expect(readdirSync(path.join(dir, 'tests')).sort()).toEqual(['new_event', 'spectra_test.py']);
    expect(readFileSync(path.join(dir, 'tests', 'new_event', 'data', 'a.txt'), 'utf8')).toBe('a');
  });

  it('keeps a file it was to remove when a later file fails', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'old.txt'), 'mine');
    const files: FileMap = new Map<string, FileContent>([
      ['new.txt', 'new'],
      ['z.txt', { copyFrom: path.join(dir, 'missing'), sha1: 'x', size: 1 }],
    ]);
    await expect(
      lockedProject(
        dir,
        () => {},
        () => updateProject(dir, files, { remove: ['old.txt'] }),
      ),
    ).rejects.toThrow();
    expect(readdirSync(dir).filter((name) => !name.startsWith('.'))).toEqual(['old.txt']);
    expect(readFileSync(path.join(dir, 'old.txt'), 'utf8')).toBe('mine');
  });
});
