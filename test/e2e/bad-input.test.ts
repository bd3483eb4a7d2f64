import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { runUnprivileged, sharedDir } from './as-user.js';
import { createBin, dispatcherBin, run } from './cli.js';

/** Bad input and faults outside fixtures: what `check`, `jsonpath` and `add` say of them. */

const EVENT = 'tests/test_files/metadata.ingest.1';

function project(cwd: string, name = 'p'): string {
  const result = run(createBin, ['Hello, world!', '--yes', '--skip-tests', '-d', name], { cwd });
  expect(result.status).toBe(0);
  return path.join(cwd, name);
}

/** Runs a shell line (for redirections and ulimit) with the built bins as $C and $D. */
const shell = (line: string, cwd: string) =>
  spawnSync('bash', ['-c', line], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, D: `${process.execPath} ${dispatcherBin}` },
  });

describe('check on things that are not plain files', () => {
  it('reports an event.json that is a FIFO instead of waiting on it forever', () => {
    const dir = project(tempDir());
    rmSync(path.join(dir, EVENT, 'event.json'));
    spawnSync('mkfifo', [path.join(dir, EVENT, 'event.json')]);
    const result = run(dispatcherBin, ['check', dir], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`✖ ${EVENT}/event.json: is a FIFO (named pipe), not a regular file.`);
    expect(result.stderr).toContain('1 error');
  });

  it('reports a route file that is a FIFO as a route problem, and goes on checking', () => {
    const dir = project(tempDir());
    const route = path.join(dir, 'pacifica', 'dispatcher_hello_world', 'jsonpath2', 'hello_world.txt');
    rmSync(route);
    spawnSync('mkfifo', [route]);
    const result = run(dispatcherBin, ['check', dir], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '✖ pacifica/dispatcher_hello_world/jsonpath2/hello_world.txt: is a FIFO (named pipe), not a regular file.',
    );
  });

  it('reports a module that is a FIFO instead of waiting on it forever', () => {
    const dir = project(tempDir());
    const router = path.join(dir, 'pacifica', 'dispatcher_hello_world', 'router.py');
    rmSync(router);
    spawnSync('mkfifo', [router]);
    const result = run(dispatcherBin, ['check', dir], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('router.py" is a FIFO (named pipe), not a regular file.');
  });

  it('applies the rules of new to fixture data: a FIFO and a link loop are errors', () => {
    const dir = project(tempDir());
    spawnSync('mkfifo', [path.join(dir, EVENT, 'data', 'pipe')]);
    symlinkSync('.', path.join(dir, EVENT, 'data', 'again'));
    const result = run(dispatcherBin, ['check', dir], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `✖ ${EVENT}/data/pipe: Fixture "${path.join(dir, EVENT, 'data', 'pipe')}" is a FIFO (named pipe), neither a file nor a directory.`,
    );
    expect(result.stderr).toContain(`✖ ${EVENT}/data/again: `);
    expect(result.stderr).toContain('has a link loop at "again"');
  });
});

describe.skipIf(process.platform === 'win32')('unreadable project files (as a user whom file modes bind)', () => {
  function sharedProject(): string {
    const cwd = sharedDir();
    const result = runUnprivileged(createBin, ['Hello, world!', '--yes', '--skip-tests', '-d', 'p'], cwd);
    expect(result.status).toBe(0);
    return path.join(cwd, 'p');
  }

  it('check names an unreadable data file and the fix', () => {
    const dir = sharedProject();
    chmodSync(path.join(dir, EVENT, 'data', 'lipsum.txt'), 0);
    const result = runUnprivileged(dispatcherBin, ['check', '.'], dir);
    expect(result.stderr).toContain(
      `✖ ${EVENT}/data/lipsum.txt: "${path.join(dir, EVENT, 'data', 'lipsum.txt')}" cannot be read: permission denied.`,
    );
    expect(result.stderr).not.toContain('bug');
    expect(result.status).toBe(1);
  });

  it('check names an unreadable event.json instead of calling it missing', () => {
    const dir = sharedProject();
    chmodSync(path.join(dir, EVENT, 'event.json'), 0);
    const result = runUnprivileged(dispatcherBin, ['check', '.'], dir);
    expect(result.stderr).toContain(`✖ ${EVENT}/event.json: cannot be read: permission denied.`);
    expect(result.stderr).not.toContain('missing');
    expect(result.status).toBe(1);
  });

  it('add says the state file cannot be read, not that the project has none', () => {
    const dir = sharedProject();
    chmodSync(path.join(dir, '.pacifica-dispatcher.json'), 0);
    const result = runUnprivileged(dispatcherBin, ['add', 'route', 'second', '--key-value', 'kind=x'], dir);
    expect(result.stderr).toContain('.pacifica-dispatcher.json" cannot be read: permission denied.');
    expect(result.stderr).not.toContain('has no .pacifica-dispatcher.json');
    expect(result.status).toBe(1);
  });

  it('jsonpath names an unreadable route file instead of parsing its name', () => {
    const dir = sharedProject();
    const route = path.join(dir, 'pacifica', 'dispatcher_hello_world', 'jsonpath2', 'hello_world.txt');
    chmodSync(route, 0);
    const result = runUnprivileged(dispatcherBin, ['jsonpath', route, `${EVENT}/event.json`], dir);
    expect(result.stderr).toContain(`Route file "${route}" cannot be read: permission denied.`);
    expect(result.stderr).toContain('chmod u+r');
    // jsonpath keeps 1 for "no match": bad input is its 2.
    expect(result.status).toBe(2);
  });
});

describe('jsonpath input that is too deep', () => {
  const doc = (cwd: string): string => {
    writeFileSync(path.join(cwd, 'doc.json'), '{"a": [1]}');
    return 'doc.json';
  };

  it.each([
    ['10,000 [0] steps', `$${'[0]'.repeat(10_000)}`],
    ['10,000 nested parentheses', `$[?(${'('.repeat(10_000)}@.a${')'.repeat(10_000)})]`],
    ['10,000 nots', `$[?(${'not '.repeat(10_000)}@.a)]`],
  ])('refuses %s with exit 2 naming the limit', (_what, expression) => {
    const cwd = tempDir();
    const result = run(dispatcherBin, ['jsonpath', expression, doc(cwd)], { cwd });
    expect(result.stderr).toContain('the path nests deeper than 1000 levels');
    expect(result.stderr).not.toContain('RangeError');
    expect(result.status).toBe(2);
  });

  it('refuses a document nested 100,000 deep with exit 2 naming the limit', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const result = run(dispatcherBin, ['jsonpath', '$..*', 'deep.json'], { cwd });
    expect(result.stderr).toContain('Arrays and objects nest deeper than 1000 levels');
    expect(result.status).toBe(2);
  });

  it('answers each deep --jsonl line on its own and goes on with the batch', () => {
    const lines = [
      JSON.stringify({ path: `$${'[0]'.repeat(10_000)}`, doc: {} }),
      `{"path": "$.a", "doc": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      JSON.stringify({ path: '$.a', doc: { a: 1 } }),
    ];
    const result = run(dispatcherBin, ['jsonpath', '--jsonl'], { cwd: tempDir(), input: `${lines.join('\n')}\n` });
    const out = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { ok: boolean; error?: string });
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ ok: false });
    expect(out[0]?.error).toMatch(/^RecursionError: .*nests deeper than 1000 levels/);
    expect(out[1]?.error).toMatch(/^RecursionError: Arrays and objects nest deeper than 1000 levels/);
    expect(out[2]).toEqual({ ok: true, matches: [{ path: '$["a"]', value: 1 }] });
    expect(result.status).toBe(0);
  });

  it('check reports a route file nested too deep as a route error, not a crash', () => {
    const dir = project(tempDir());
    writeFileSync(
      path.join(dir, 'pacifica', 'dispatcher_hello_world', 'jsonpath2', 'hello_world.txt'),
      `$${'[0]'.repeat(10_000)}\n`,
    );
    const result = run(dispatcherBin, ['check', dir], { cwd: dir });
    expect(result.stderr).toContain('the path nests deeper than 1000 levels');
    expect(result.stderr).not.toContain('bug');
    expect(result.status).toBe(1);
  });
});

describe('jsonpath arguments', () => {
  it('says a route file that does not exist does not exist, instead of parsing its path', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'event.json'), '{}');
    const result = run(dispatcherBin, ['jsonpath', 'typo/route.txt', 'event.json'], { cwd });
    expect(result.stderr).toContain('route file "typo/route.txt" does not exist');
    expect(result.stderr).not.toContain('token recognition error');
    expect(result.status).toBe(2);
  });
});

describe('output that cannot be written', () => {
  it.each([
    ['a full disk', '> /dev/full', 'no space left on the device it goes to'],
    ['a closed stdout', '>&-', 'stdout is closed'],
  ])('reports %s with exit 74 for jsonpath, jsonpath --jsonl and check --json', (_what, redirect, reason) => {
    const dir = project(tempDir());
    writeFileSync(path.join(dir, 'batch.jsonl'), '{"path": "$.a", "doc": {"a": 1}}\n');
    for (const command of [
      `$D jsonpath '$.eventID' ${EVENT}/event.json`,
      '$D jsonpath --jsonl < batch.jsonl',
      '$D check --json',
    ]) {
      const result = shell(`${command} ${redirect}`, dir);
      expect(result.stderr, command).toContain(`✖ Cannot write the output to stdout: ${reason}`);
      expect(result.stderr, command).not.toContain('    at ');
      expect(result.status, command).toBe(74);
    }
  });

  it('still treats a reader that stops early as success, and > /dev/null as a place to write', () => {
    const dir = project(tempDir());
    expect(shell(`$D check --json > /dev/null`, dir).status).toBe(0);
    expect(shell(`yes '{"path": "$", "doc": 1}' | head -5000 | $D jsonpath --jsonl | head -1`, dir).stdout).toBe(
      '{"ok": true, "matches": [{"path": "$", "value": 1}]}\n',
    );
  });
});

describe('add after a CRLF checkout', () => {
  it('does not count line endings as an edit, and writes files back in their own style', () => {
    const cwd = tempDir();
    const dir = project(cwd);
    const converted: string[] = [];
    const walk = (relative: string): void => {
      for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
        const child = path.join(relative, entry.name);
        if (entry.isDirectory() && entry.name !== 'test_files') walk(child);
        else if (/\.(py|md|toml|cfg|yml|txt)$/.test(entry.name) && entry.isFile()) {
          const file = path.join(dir, child);
          writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', '\r\n'));
          converted.push(child);
        }
      }
    };
    walk('');
    expect(converted.length).toBeGreaterThan(5);
    writeFileSync(path.join(cwd, 'frame.png'), Buffer.from([137, 80, 78, 71]));
    const result = run(
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
    expect(result.stderr).toContain('Added route');
    expect(result.status).toBe(0);
    const router = readFileSync(path.join(dir, 'pacifica', 'dispatcher_hello_world', 'router.py'), 'utf8');
    expect(router).toContain('ThumbnailsEventHandler');
    expect(router).not.toMatch(/[^\r]\n/);
    expect(statSync(path.join(dir, 'pacifica', 'dispatcher_hello_world', 'jsonpath2', 'thumbnails.txt')).isFile()).toBe(
      true,
    );
  });

  it('keeps a real edit in a CRLF file and merges the change into it in CRLF', () => {
    const cwd = tempDir();
    const dir = project(cwd);
    const router = path.join(dir, 'pacifica', 'dispatcher_hello_world', 'router.py');
    writeFileSync(router, `# my edit\n${readFileSync(router, 'utf8')}`.replaceAll('\n', '\r\n'));
    const result = run(dispatcherBin, ['add', 'route', 'thumbnails', '--key-value', 'kind=image', '-d', 'p'], { cwd });
    expect(result.stderr).toContain('merged the change into your edited pacifica/dispatcher_hello_world/router.py');
    expect(result.status).toBe(0);
    const merged = readFileSync(router, 'utf8');
    expect(merged).toContain('# my edit\r\n');
    expect(merged).toContain('ThumbnailsEventHandler');
    expect(merged).not.toMatch(/[^\r]\n/);
  });
});
