import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runnerOptionsFrom } from '../../src/cli/commands/runner-flags.js';

describe('the pip locations of new and test', () => {
  // pip runs inside the project, not where the user typed the command.
  it('makes a relative wheel directory or index absolute against the directory the command ran in', () => {
    const cwd = path.resolve('/home/ada/work');
    const options = runnerOptionsFrom(
      { findLinks: ['./wheels', '../more'], indexUrl: 'mirror/simple', extraIndexUrl: ['extra'] },
      cwd,
    );
    expect(options.pip?.findLinks).toEqual([path.join(cwd, 'wheels'), path.resolve(cwd, '../more')]);
    expect(options.pip?.indexUrl).toBe(path.join(cwd, 'mirror/simple'));
    expect(options.pip?.extraIndexUrls).toEqual([path.join(cwd, 'extra')]);
  });

  it('keeps URLs and absolute paths as they were given', () => {
    const options = runnerOptionsFrom(
      {
        findLinks: ['https://example.org/wheels/', 'file:///srv/wheels', '/srv/wheels'],
        indexUrl: 'https://pypi.example.org/simple',
      },
      '/home/ada/work',
    );
    expect(options.pip?.findLinks).toEqual([
      'https://example.org/wheels/',
      'file:///srv/wheels',
      path.resolve('/srv/wheels'),
    ]);
    expect(options.pip?.indexUrl).toBe('https://pypi.example.org/simple');
  });

  it('makes a --with path and --junit absolute, and passes a --with requirement to pip as it is', () => {
    const cwd = path.resolve('/home/ada/work');
    const options = runnerOptionsFrom(
      {
        with: [
          '../pacifica-dispatcher',
          './wheels/x.whl',
          'pacifica-dispatcher==0.2.5',
          'pacifica-dispatcher @ git+https://github.com/pacifica/pacifica-dispatcher.git@fix',
          'git+https://h/x.git',
        ],
        junit: 'reports/junit.xml',
      },
      cwd,
    );
    expect(options.with).toEqual([
      path.resolve(cwd, '../pacifica-dispatcher'),
      path.join(cwd, 'wheels/x.whl'),
      'pacifica-dispatcher==0.2.5',
      'pacifica-dispatcher @ git+https://github.com/pacifica/pacifica-dispatcher.git@fix',
      'git+https://h/x.git',
    ]);
    expect(options.junit).toBe(path.join(cwd, 'reports/junit.xml'));
    expect(runnerOptionsFrom({}, cwd)).not.toHaveProperty('junit');
  });
});
