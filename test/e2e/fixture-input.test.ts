import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { nodeAsUser, runUnprivileged, sharedDir } from './as-user.js';
import { createBin, dispatcherBin, run } from './cli.js';

/**
 * Fixture data as users really have it: links, loops, FIFOs, names that
 * are not UTF-8, unreadable files, too many files for `ulimit -n`, and the
 * project itself inside the data. `new` and `add` share these rules, and
 * `check` applies them to fixture data already in a project.
 */

const NEW = ['Foo', '--yes', '--skip-tests'];
const newWith = (cwd: string, fixture: string, target = 'p'): SpawnSyncReturns<string> =>
  run(createBin, [...NEW, '--fixture', fixture, '-d', target], { cwd });

/** A fixture directory with one text file at its top, as the default route wants. */
function dataDir(cwd: string, name = 'data'): string {
  const dir = path.join(cwd, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  return dir;
}

describe('fixture directories with links', () => {
  it('accepts two links to the same directory (a diamond, not a loop)', () => {
    const cwd = tempDir();
    const data = dataDir(cwd);
    mkdirSync(path.join(data, 'shared'));
    writeFileSync(path.join(data, 'shared', 'b.txt'), 'b\n');
    symlinkSync('shared', path.join(data, 'left'));
    symlinkSync('shared', path.join(data, 'right'));
    const result = newWith(cwd, 'data');
    expect(result.stderr).toContain('✔ Created');
    expect(result.status).toBe(0);
    const copied = path.join(cwd, 'p', 'tests', 'test_files', 'metadata.ingest.1', 'data');
    expect(readdirSync(path.join(copied, 'left'))).toEqual(['b.txt']);
    expect(readdirSync(path.join(copied, 'right'))).toEqual(['b.txt']);
  });

  it('refuses a link back to an ancestor as a link loop, naming where', () => {
    const cwd = tempDir();
    const data = dataDir(cwd);
    mkdirSync(path.join(data, 'sub'));
    symlinkSync('..', path.join(data, 'sub', 'up'));
    const result = newWith(cwd, 'data');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('has a link loop at "sub/up"');
  });

  it('calls a link to itself a link loop, not a broken link', () => {
    const cwd = tempDir();
    const data = dataDir(cwd);
    symlinkSync('me', path.join(data, 'me'));
    const result = newWith(cwd, 'data');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Fixture "${path.join(data, 'me')}" is a link loop`);
    expect(result.stderr).not.toContain('broken');
  });

  it('still calls a link to nothing a broken link, naming its target', () => {
    const cwd = tempDir();
    const data = dataDir(cwd);
    symlinkSync('gone.txt', path.join(data, 'dangling'));
    const result = newWith(cwd, 'data');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is a broken link: its target "gone.txt" does not exist');
  });

  it('follows a link that leads outside the fixture with a warning naming the link and its target', () => {
    const cwd = tempDir();
    const data = dataDir(cwd);
    writeFileSync(path.join(cwd, 'secret.txt'), 'outside\n');
    symlinkSync(path.join(cwd, 'secret.txt'), path.join(data, 'linked.txt'));
    const result = newWith(cwd, 'data');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      `⚠ Fixture link "${path.join(data, 'linked.txt')}" points outside the fixture directory, to "${path.join(cwd, 'secret.txt')}"`,
    );
  });
});

describe('fixture entries that are not data', () => {
  it('names a file whose name is not valid UTF-8, instead of calling it a broken link', () => {
    const cwd = tempDir();
    const data = dataDir(cwd);
    writeFileSync(Buffer.from(`${data}/bad-\xff.txt`, 'latin1'), 'x');
    const result = newWith(cwd, 'data');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad-\\xff.txt" has a name that is not valid UTF-8');
    expect(result.stderr).not.toContain('broken');
  });

  it('refuses a FIFO in fixture data, naming it, without waiting on it', () => {
    const cwd = tempDir();
    const data = dataDir(cwd);
    spawnSync('mkfifo', [path.join(data, 'pipe')]);
    const result = newWith(cwd, 'data');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `Fixture "${path.join(data, 'pipe')}" is a FIFO (named pipe), neither a file nor a directory.`,
    );
  });

  it('refuses a fixture directory that contains the project, which would copy itself into its own test data', () => {
    const cwd = tempDir();
    dataDir(cwd);
    const result = newWith(cwd, '.', 'data/project');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `contains the project directory "${path.join(cwd, 'data', 'project')}": the project would copy itself into its own test data`,
    );
    expect(readdirSync(path.join(cwd, 'data'))).toEqual(['a.txt']);
  });
});

describe('add fixture from a directory holding the project', () => {
  it('refuses to add the project to its own test data', () => {
    const cwd = tempDir();
    expect(run(createBin, [...NEW, '-d', 'p'], { cwd }).status).toBe(0);
    const result = run(dispatcherBin, ['add', 'fixture', '--from', '.'], { cwd: path.join(cwd, 'p') });
    expect(result.stderr).toContain('contains the project directory');
    expect(result.status).toBe(1);
    expect(readdirSync(path.join(cwd, 'p', 'tests', 'test_files'))).toEqual(['metadata.ingest.1']);
  });
});

describe('fixtures with many files', () => {
  it('reads 2,000 fixture files under ulimit -n 256 without running out of file descriptors', () => {
    const cwd = tempDir();
    const data = dataDir(cwd);
    for (let i = 0; i < 2000; i++) writeFileSync(path.join(data, `f${String(i).padStart(4, '0')}.txt`), `${i}\n`);
    const result = spawnSync(
      'bash',
      ['-c', `ulimit -n 256 && exec "${process.execPath}" "${createBin}" ${NEW.join(' ')} --fixture data -d p`],
      { cwd, encoding: 'utf8', timeout: 300_000 },
    );
    expect(result.stderr).not.toContain('EMFILE');
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(cwd, 'p', 'tests', 'test_files', 'metadata.ingest.1', 'data'))).toHaveLength(2001);
  });
});

describe.skipIf(process.platform === 'win32')('unreadable fixture data (as a user whom file modes bind)', () => {
  it('names an unreadable fixture file and the fix, as a user error', () => {
    const cwd = sharedDir();
    const setup = nodeAsUser(
      `const fs = require('fs'); fs.mkdirSync('data'); fs.writeFileSync('data/a.txt', 'a'); fs.writeFileSync('data/locked.txt', 'x'); fs.chmodSync('data/locked.txt', 0)`,
      cwd,
    );
    expect(setup.status).toBe(0);
    const result = runUnprivileged(createBin, [...NEW, '--fixture', 'data', '-d', 'p'], cwd);
    expect(result.stderr).toContain(
      `Fixture "${path.join(cwd, 'data', 'locked.txt')}" cannot be read: permission denied.`,
    );
    expect(result.stderr).toContain('chmod u+r');
    expect(result.stderr).not.toContain('bug');
    expect(result.status).toBe(1);
  });

  it('names an unreadable fixture subdirectory and the fix, as a user error', () => {
    const cwd = sharedDir();
    const setup = nodeAsUser(
      `const fs = require('fs'); fs.mkdirSync('data/sub', { recursive: true }); fs.writeFileSync('data/a.txt', 'a'); fs.chmodSync('data/sub', 0)`,
      cwd,
    );
    expect(setup.status).toBe(0);
    const result = runUnprivileged(createBin, [...NEW, '--fixture', 'data', '-d', 'p'], cwd);
    expect(result.stderr).toContain(`Fixture "${path.join(cwd, 'data', 'sub')}" cannot be read: permission denied.`);
    expect(result.status).toBe(1);
    chmodSync(path.join(cwd, 'data', 'sub'), 0o755);
  });
});
