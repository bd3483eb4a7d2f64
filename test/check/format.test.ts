import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatGithubAnnotation, type Problem } from '../../src/check/index.js';
import { EXIT_CHECK_FAILED } from '../../src/cli/commands/check.js';
import { dispatcherBin, run } from '../e2e/cli.js';
import { generatedProject, HELLO, read, write } from './helpers.js';

/** `check` through the built CLI (`npm run build` first), outside GitHub Actions unless `env` says otherwise. */
const check = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(dispatcherBin, ['check', ...args], { cwd, env: { GITHUB_ACTIONS: undefined, ...env } });

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/** A project in `<parent>/project` with a route that does not parse, a data file grown by a byte and a stray name. */
function brokenProject(): { parent: string; dir: string; data: { was: string; is: string } } {
  const dir = generatedProject();
  const was = read(dir, HELLO.dataFile);
  write(dir, HELLO.routeFile, '$[?(@.a]\n');
  write(dir, HELLO.dataFile, `${was}!`);
  write(dir, 'README.md', `${read(dir, 'README.md')}See ExampleTestCase.\n`);
  return { parent: path.dirname(dir), dir, data: { was, is: `${was}!` } };
}

const ROUTE_ANNOTATION = `::error file=project/${HELLO.routeFile},line=1,col=8,title=route::missing ')' at ']'%0A  $[?(@.a]%0A         ^`;

describe('check --format github', () => {
  it('annotates each problem at its file, line and column, relative to the working directory', () => {
    const { parent, dir, data } = brokenProject();
    const readmeLine = read(dir, 'README.md').split('\n').length - 1;
    const result = check(parent, ['project', '--format', 'github']);
    expect(result.stdout.split('\n')).toEqual([
      `::warning file=project/README.md,line=${readmeLine},col=5,title=names::"ExampleTestCase" names another project ` +
        "(a leftover of a copy?); this project's test class is HelloWorldTestCase",
      ROUTE_ANNOTATION,
      `::error file=project/${HELLO.dataFile},title=fixture::` +
        `size ${Buffer.byteLength(data.is)} differs from event.json (${Buffer.byteLength(data.was)})`,
      `::error file=project/${HELLO.dataFile},title=fixture::` +
        `sha1 ${sha1(data.is)} differs from event.json (${sha1(data.was)})`,
      '',
    ]);
    // The human report stays on stderr, so the log reads as without annotations.
    expect(result.stderr).toContain(`✖ ${HELLO.routeFile}:1:8: missing ')' at ']'\n  $[?(@.a]\n         ^\n`);
    expect(result.stderr).toContain('✖ pacifica-dispatcher-hello-world: 3 errors, 1 warning\n');
    expect(result.status).toBe(EXIT_CHECK_FAILED);
  });

  it('names files relative to the project when it runs in the project', () => {
    const { dir } = brokenProject();
    const result = check(dir, ['--format', 'github']);
    expect(result.stdout).toContain(`${ROUTE_ANNOTATION.replace('file=project/', 'file=')}\n`);
    expect(result.status).toBe(EXIT_CHECK_FAILED);
  });

  it('is the default under GitHub Actions (GITHUB_ACTIONS=true), and text otherwise', () => {
    const { parent } = brokenProject();
    const github = check(parent, ['project'], { GITHUB_ACTIONS: 'true' });
    expect(github.stdout).toContain(`${ROUTE_ANNOTATION}\n`);
    expect(github.stdout).toBe(check(parent, ['project', '--format', 'github']).stdout);
    expect(github.status).toBe(EXIT_CHECK_FAILED);

    const text = check(parent, ['project']);
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe(github.stderr);
    expect(text.status).toBe(EXIT_CHECK_FAILED);
    expect(check(parent, ['project', '--format', 'text'], { GITHUB_ACTIONS: 'true' }).stdout).toBe('');
  });
});

describe('check --format json', () => {
  it('prints exactly what --json prints, on both streams, also under GitHub Actions', () => {
    const { parent } = brokenProject();
    const json = check(parent, ['project', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false });
    const spellings: [string[], NodeJS.ProcessEnv][] = [
      [['--format', 'json'], {}],
      [['--json', '--format', 'json'], {}],
      [['--json'], { GITHUB_ACTIONS: 'true' }],
    ];
    for (const [args, env] of spellings) {
      const same = check(parent, ['project', ...args], env);
      expect({ stdout: same.stdout, stderr: same.stderr, status: same.status }).toEqual({
        stdout: json.stdout,
        stderr: json.stderr,
        status: json.status,
      });
    }
  });

  it('refuses --json with another --format as a usage error', () => {
    const { parent } = brokenProject();
    const result = check(parent, ['project', '--json', '--format', 'github']);
    expect(result.stderr).toBe(
      '✖ --json is --format json, so it cannot go with --format github.\n' +
        '  Give one of them: --format github, or --json.\n',
    );
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });
});

describe('formatGithubAnnotation', () => {
  const found: Problem = {
    severity: 'warning',
    check: 'names',
    file: 'docs/a,b:c%.md',
    line: 3,
    column: 7,
    message: '100% "x", y: z\r\n  next line',
  };

  it('escapes % and newlines in the message, and also , and : in properties', () => {
    expect(formatGithubAnnotation(found)).toBe(
      '::warning file=docs/a%2Cb%3Ac%25.md,line=3,col=7,title=names::100%25 "x", y: z%0D%0A  next line',
    );
  });

  it('prefixes the project directory, and leaves out what is not known', () => {
    const { line: _line, column: _column, ...unplaced } = found;
    expect(formatGithubAnnotation({ ...unplaced, severity: 'error', message: 'm' }, 'sub/dir')).toBe(
      '::error file=sub/dir/docs/a%2Cb%3Ac%25.md,title=names::m',
    );
    const { column: _unknown, ...noColumn } = found;
    expect(formatGithubAnnotation(noColumn)).toContain(',line=3,title=');
  });
});
