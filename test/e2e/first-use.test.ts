import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, repoRoot, run } from './cli.js';

/** What a person meets after the questions: the warning, the git repository, the hints. */
const git = (args: string[], cwd: string) => spawnSync('git', args, { cwd, encoding: 'utf8' });

/** A git configuration of its own, with or without an identity. */
function gitEnv(dir: string, identity: boolean): NodeJS.ProcessEnv {
  const file = path.join(dir, 'gitconfig');
  writeFileSync(file, identity ? '[user]\n\tname = Grace Hopper\n\temail = grace@example.org\n' : '');
  return { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: file, HOME: dir };
}

describe('a new project and git', () => {
  it('is a git repository with a first commit of every generated file', () => {
    const cwd = tempDir();
    const result = run(createBin, ['Committed', '--yes', '--skip-tests', '-d', 'out'], { cwd, env: gitEnv(cwd, true) });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('Initialised a git repository with a first commit.');
    const dir = path.join(cwd, 'out');
    expect(git(['log', '--format=%an <%ae> %s'], dir).stdout).toBe(
      'Grace Hopper <grace@example.org> Initial commit from create-pacifica-dispatcher\n',
    );
    expect(git(['status', '--porcelain'], dir).stdout).toBe('');
    expect(git(['ls-files'], dir).stdout).toContain('tests/test_files/metadata.ingest.1/data/lipsum.txt');
  });

  it('is initialised without a commit, and says how to commit, when git has no user.name and user.email', () => {
    const cwd = tempDir();
    const result = run(createBin, ['Anonymous', '--yes', '--skip-tests', '-d', 'out'], {
      cwd,
      env: gitEnv(cwd, false),
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('without a first commit: git user.name and user.email are not set');
    expect(existsSync(path.join(cwd, 'out', '.git'))).toBe(true);
    expect(git(['rev-parse', '--verify', 'HEAD'], path.join(cwd, 'out')).status).not.toBe(0);
  });

  it('is left alone with --no-git, in a directory that held other files, and inside an existing work tree', () => {
    const cwd = tempDir();
    const env = gitEnv(cwd, true);
    expect(run(createBin, ['No Git', '--yes', '--skip-tests', '--no-git', '-d', 'plain'], { cwd, env }).status).toBe(0);
    expect(existsSync(path.join(cwd, 'plain', '.git'))).toBe(false);

    mkdirSync(path.join(cwd, 'forced'));
    writeFileSync(path.join(cwd, 'forced', 'mine.txt'), 'not generated\n');
    const forced = run(createBin, ['Forced', '--yes', '--skip-tests', '--force', '-d', 'forced'], { cwd, env });
    expect(forced.stderr).toContain('No git repository created: the directory held other files before.');
    expect(existsSync(path.join(cwd, 'forced', '.git'))).toBe(false);

    mkdirSync(path.join(cwd, 'mono'));
    expect(git(['init', '--quiet'], path.join(cwd, 'mono')).status).toBe(0);
    const inside = run(createBin, ['Inside', '--yes', '--skip-tests', '-d', 'mono/inside'], { cwd, env });
    expect(inside.status, inside.stderr).toBe(0);
    expect(inside.stderr).toContain('No git repository created: the project is inside one already.');
    expect(existsSync(path.join(cwd, 'mono', 'inside', '.git'))).toBe(false);
  });
});

describe('a project named like a pacifica-dispatcher command', () => {
  it('warns that "check" makes a project, and says how to run the command', () => {
    const cwd = tempDir();
    const result = run(createBin, ['check', '--yes', '--skip-tests', '--no-git'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      '"check" is also a pacifica-dispatcher command; this creates a new project named "check".',
    );
    expect(result.stderr).toContain(`To run the command instead: node ${dispatcherBin} check`);
    expect(run(createBin, ['Checker', '--yes', '--skip-tests', '--no-git'], { cwd }).stderr).not.toContain(
      'is also a pacifica-dispatcher command',
    );
  });
});

describe('hints', () => {
  it("name this checkout's bin when the tool runs from a checkout", () => {
    const cwd = tempDir();
    const result = run(createBin, ['From Checkout', '--yes', '--skip-tests', '--no-git', '-d', 'out'], { cwd });
    expect(result.stderr).toContain(`Next:\n  cd ./out\n  node ${dispatcherBin} test`);
    expect(result.stderr).not.toContain('npx');
  });
});

describe('--version', () => {
  const version = `${(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}\n`;

  it.each([
    [createBin, '--version'],
    [createBin, '-V'],
    [dispatcherBin, '--version'],
    [dispatcherBin, '-V'],
  ])('%s %s prints the package version and nothing else, as it does beside another flag', (bin, flag) => {
    const cwd = tempDir();
    for (const args of [[flag], [flag, '--verbose']]) {
      const result = run(bin, args, { cwd });
      expect(result.stdout, args.join(' ')).toBe(version);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.status, args.join(' ')).toBe(0);
    }
  });

  it.each(['--version', '--help'])(
    '%s to a full disk or a closed stdout fails with exit 74, as every output does',
    (flag) => {
      for (const [redirect, reason] of [
        ['> /dev/full', 'no space left on the device it goes to'],
        ['>&-', 'stdout is closed'],
      ]) {
        const result = spawnSync('bash', ['-c', `"${process.execPath}" "${dispatcherBin}" ${flag} ${redirect}`], {
          encoding: 'utf8',
        });
        expect(result.stderr, redirect).toContain(`✖ Cannot write the output to stdout: ${reason}`);
        expect(result.stderr, redirect).not.toContain('    at ');
        expect(result.status, redirect).toBe(74);
      }
    },
  );
});
