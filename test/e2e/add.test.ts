import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, run } from './cli.js';

describe('pacifica-dispatcher add', () => {
  it('adds a route and a fixture to a generated project from the command line', () => {
    const cwd = tempDir();
    expect(run(createBin, ['Hello, world!', '--yes', '--skip-tests', '-d', 'p'], { cwd }).status).toBe(0);
    writeFileSync(path.join(cwd, 'frame.png'), Buffer.from([137, 80, 78, 71]));
    const route = run(
      dispatcherBin,
      [
        'add',
        'route',
        'thumbnails',
        '--key-value',
        'kind=image',
        '--mimetype',
        'image/png',
        '--fixture',
        'frame.png',
        '-d',
        'p',
      ],
      { cwd },
    );
    expect(route.stderr).toContain(
      'Added route pacifica/dispatcher_hello_world/jsonpath2/thumbnails.txt (ThumbnailsEventHandler)',
    );
    expect(route.status).toBe(0);
    const fixture = run(dispatcherBin, ['add', 'fixture', '--from', '../frame.png', '--route', 'thumbnails'], {
      cwd: path.join(cwd, 'p'),
    });
    expect(fixture.stderr).toContain('Added tests/test_files/metadata.ingest.3');
    expect(fixture.status).toBe(0);
    const state = JSON.parse(readFileSync(path.join(cwd, 'p', '.pacifica-dispatcher.json'), 'utf8')) as {
      events: unknown[];
    };
    expect(state.events).toHaveLength(3);
  });

  it('exits 2 naming the missing option', () => {
    const result = run(dispatcherBin, ['add', 'fixture'], { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("required option '--from <path>' not specified");
  });
});
