import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, run } from './cli.js';

/**
 * A project's .pacifica-dispatcher.json holds every answer it was made
 * from, so `--answers` on it makes the same project again.
 */
function tree(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory())
      for (const [file, content] of tree(path.join(dir, entry.name), relative)) files.set(file, content);
    else files.set(relative, readFileSync(path.join(dir, entry.name)));
  }
  return files;
}

/** What depends on the moment of generation: the event's time and the data files' times. */
const undated = (file: string, content: Buffer): string => {
  const text = content.toString('utf8');
  return file.endsWith('/event.json')
    ? text.replace(/"(eventTime|ctime|mtime|created|updated)": "[^"]*"/g, '"$1": "<date>"')
    : text;
};

describe("--answers with a project's state file", () => {
  it('regenerates the same project, byte for byte apart from dates', () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'run', 'raw', 'deep'), { recursive: true });
    writeFileSync(path.join(cwd, 'run', 'raw', 'a.csv'), 'frame,exposure\n1,0.5\n');
    writeFileSync(path.join(cwd, 'run', 'raw', 'deep', 'b.bin'), Buffer.from([0, 0xff, 0x80, 10]));
    writeFileSync(path.join(cwd, 'single.csv'), 'x\n');
    const first = run(
      createBin,
      [
        'Re Play',
        '--yes',
        '--skip-tests',
        '--no-git',
        '-d',
        'first',
        '--description',
        'Replays.',
        '--author',
        'Ada',
        '--author-email',
        'ada@example.org',
        '--key-value',
        'kind=spectrum',
        '--key-value',
        'proposal',
        '--mimetype',
        'text/csv',
        '--subdir',
        'raw',
        '--no-source',
        '--fixture',
        'run',
        '--fixture',
        'single.csv',
        '--ci',
        'github,appveyor',
      ],
      { cwd },
    );
    expect(first.status, first.stderr).toBe(0);

    const again = run(
      createBin,
      ['--answers', 'first/.pacifica-dispatcher.json', '--yes', '--skip-tests', '--no-git', '-d', 'second'],
      { cwd },
    );
    expect(again.status, again.stderr).toBe(0);
    const before = tree(path.join(cwd, 'first'));
    const after = tree(path.join(cwd, 'second'));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, content] of before) expect(undated(file, after.get(file)!), file).toBe(undated(file, content));
  });

  it('replays a project without a file filter from its sample data', () => {
    const cwd = tempDir();
    expect(
      run(createBin, ['Sam Ple', '--yes', '--skip-tests', '-d', 'first', '--no-file-filter', '--ci', 'none'], { cwd })
        .status,
    ).toBe(0);
    const again = run(
      createBin,
      ['--answers', 'first/.pacifica-dispatcher.json', '--yes', '--skip-tests', '-d', 'second'],
      { cwd },
    );
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'second', '.pacifica-dispatcher.json'), 'utf8')).toBe(
      readFileSync(path.join(cwd, 'first', '.pacifica-dispatcher.json'), 'utf8'),
    );
  });

  it('refuses the state of a project with added routes, and says how to rebuild it', () => {
    const cwd = tempDir();
    expect(run(createBin, ['Two Routes', '--yes', '--skip-tests', '-d', 'first'], { cwd }).status).toBe(0);
    expect(run(dispatcherBin, ['add', 'route', 'thumbnails', '-d', 'first'], { cwd }).status).toBe(0);
    const again = run(
      createBin,
      ['--answers', 'first/.pacifica-dispatcher.json', '--yes', '--skip-tests', '-d', 'second'],
      { cwd },
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('is the state of a project with 2 routes');
    expect(again.stderr).toContain('add route` (thumbnails)');
  });
});
