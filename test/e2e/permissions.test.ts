import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, run } from './cli.js';

/**
 * Modes and permissions, through the CLI. Root ignores modes, so the
 * permission cases run the bin as `nobody` (setpriv), which only root can do.
 */
const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
const NOBODY = 65534;

/** Runs a bin as nobody:nogroup in `cwd`. */
function runAsNobody(bin: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, HOME: cwd },
    timeout: 120_000,
  });
}

/** A temp directory nobody can reach, holding `name` owned by nobody with `mode`. */
function nobodysDir(name: string, mode: number): { cwd: string; dir: string } {
  const cwd = tempDir();
  chmodSync(cwd, 0o755);
  const dir = path.join(cwd, name);
  mkdirSync(dir);
  chownSync(dir, NOBODY, NOBODY);
  chmodSync(dir, mode);
  return { cwd, dir };
}

describe('modes and permissions', () => {
  it.each([
    ['022', 0o755],
    ['027', 0o750],
    ['077', 0o700],
  ])("gives the new project's directories the mode umask %s gives", (umask, mode) => {
    const cwd = tempDir();
    const result = spawnSync(
      'sh',
      [
        '-c',
        `umask ${umask} && exec "$0" "$@"`,
        process.execPath,
        createBin,
        'Hello',
        '--yes',
        '--skip-tests',
        '-d',
        'out',
      ],
      { cwd, encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    expect((statSync(path.join(cwd, 'out')).mode & 0o777).toString(8)).toBe(mode.toString(8));
    expect((statSync(path.join(cwd, 'out', 'tests')).mode & 0o777).toString(8)).toBe(mode.toString(8));
  });

  it.each([['link'], ['link/sub']])(
    'says that a self-referencing link in --directory %s is a link loop, not a bug',
    (target) => {
      const cwd = tempDir();
      symlinkSync('link', path.join(cwd, 'link'));
      const result = run(createBin, ['Hello', '--yes', '--skip-tests', '-d', target], { cwd });
      expect(result.stderr).toContain(`"${path.join(cwd, 'link')}"`);
      expect(result.stderr).toContain('is a link loop: following it leads back to itself.');
      expect(result.status).toBe(1);
      expect(readdirSync(cwd)).toEqual(['link']);
    },
  );

  it('says what a dangling symbolic link given as --directory is', () => {
    const cwd = tempDir();
    symlinkSync('nowhere', path.join(cwd, 'link'));
    const result = run(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'link'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `"${path.join(cwd, 'link')}" is a symbolic link to "nowhere", which does not exist.`,
    );
    expect(readdirSync(cwd)).toEqual(['link']);
  });

  const asNobody = isRoot && hasSetpriv;
  it.skipIf(!asNobody)('names the parent it may not write to, never an internal staging directory (as nobody)', () => {
    const { cwd } = nobodysDir('ro', 0o555);
    for (const target of ['ro/out', 'ro/np/out']) {
      const result = runAsNobody(createBin, ['Hello', '--yes', '--skip-tests', '-d', target], cwd);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain(
        `Cannot create "${path.join(cwd, target)}": permission denied in "${path.join(cwd, 'ro')}".`,
      );
      expect(result.stderr).not.toMatch(/tmp-|\.lock/);
    }
    expect(readdirSync(path.join(cwd, 'ro'))).toEqual([]);
  });

  it.skipIf(!asNobody)('names the project it may not write to when `add` cannot take its lock (as nobody)', () => {
    const { cwd } = nobodysDir('writable', 0o755);
    expect(runAsNobody(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'writable/p'], cwd).status).toBe(0);
    chmodSync(path.join(cwd, 'writable', 'p'), 0o555);
    const result = runAsNobody(dispatcherBin, ['add', 'route', 'more', '-d', 'writable/p'], cwd);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(`Cannot write to "${path.join(cwd, 'writable', 'p')}": permission denied.`);
    expect(result.stderr).toContain('Fix its permissions');
    expect(result.stderr).not.toContain('--directory');
    expect(result.stderr).not.toMatch(/tmp-|\.lock/);
  });

  it.skipIf(!asNobody)(
    'check reports a directory it may not read, instead of skipping it as missing (as nobody)',
    () => {
      const { cwd } = nobodysDir('writable', 0o755);
      expect(runAsNobody(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'writable/p'], cwd).status).toBe(0);
      mkdirSync(path.join(cwd, 'writable', 'p', 'notes'), { mode: 0o700 });
      const result = runAsNobody(dispatcherBin, ['check', '--json', 'writable/p'], cwd);
      const { problems } = JSON.parse(result.stdout) as {
        problems: { severity: string; file: string; message: string }[];
      };
      expect(problems).toContainEqual(expect.objectContaining({ severity: 'error', file: 'notes' }));
      expect(problems.find((found) => found.file === 'notes')?.message).toContain(
        '"notes" cannot be read: permission denied.',
      );
    },
  );
});
