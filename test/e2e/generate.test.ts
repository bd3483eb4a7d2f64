import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hashFile } from '../../src/core/hash.js';
import { tempDir } from '../helpers/tmp.js';
import { createBin, run } from './cli.js';

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? walk(path.join(dir, entry.name), relative) : [relative];
  });
}

interface FilesItem {
  destinationTable: string;
  name: string;
  subdir: string;
  size: number;
  hashsum: string;
  mimetype: string;
}

/** Every check a user would make on a fresh project: it compiles, parses, and its fixtures are true. */
async function assertSoundProject(dir: string): Promise<string[]> {
  const files = walk(dir);
  const python = files.filter((file) => file.endsWith('.py'));
  expect(python.length).toBeGreaterThan(4);
  execFileSync('python3', ['-m', 'py_compile', ...python.map((file) => path.join(dir, file))]);
  for (const file of files.filter((f) => f.endsWith('.json'))) JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  for (const file of files.filter((f) => /\.ya?ml$/.test(f))) parseYaml(readFileSync(path.join(dir, file), 'utf8'));
  execFileSync('python3', [
    '-c',
    'import sys, tomllib; tomllib.load(open(sys.argv[1], "rb"))',
    path.join(dir, 'pyproject.toml'),
  ]);
  for (const eventFile of files.filter((f) => /^tests\/test_files\/[^/]+\/event\.json$/.test(f))) {
    const event = JSON.parse(readFileSync(path.join(dir, eventFile), 'utf8')) as { data: FilesItem[] };
    for (const item of event.data.filter((i) => i.destinationTable === 'Files')) {
      const data = path.join(dir, path.dirname(eventFile), 'data', item.subdir, item.name);
      const { digest: sha1, size } = await hashFile(data);
      expect([sha1, size]).toEqual([item.hashsum, item.size]);
      expect(statSync(data).size).toBe(item.size);
    }
  }
  return files;
}

describe('create-pacifica-dispatcher "Hello, world!" --yes --skip-tests', () => {
  it('writes the whole SOP project, which compiles, parses and has true fixtures', async () => {
    const cwd = tempDir();
    const result = run(createBin, ['Hello, world!', '--yes', '--skip-tests', '-d', 'out'], { cwd });
    expect(result.stderr).toContain('Created pacifica-dispatcher-hello-world');
    expect(result.status).toBe(0);
    const files = await assertSoundProject(path.join(cwd, 'out'));
    for (const expected of [
      'README.md',
      'LICENSE',
      '.gitignore',
      '.flake8',
      '.pre-commit-config.yaml',
      '.github/ISSUE_TEMPLATE.md',
      '.github/PULL_REQUEST_TEMPLATE.md',
      'Dockerfile.celery',
      'Dockerfile.uwsgi',
      'docker-compose.yml',
      'pyproject.toml',
      'requirements.txt',
      'requirements-dev.txt',
      'pacifica/dispatcher_hello_world/__init__.py',
      'pacifica/dispatcher_hello_world/__main__.py',
      'pacifica/dispatcher_hello_world/event_handlers.py',
      'pacifica/dispatcher_hello_world/router.py',
      'pacifica/dispatcher_hello_world/jsonpath2/hello_world.txt',
      'tests/hello_world_test.py',
      'tests/test_files/metadata.ingest.1/event.json',
      'tests/test_files/metadata.ingest.1/data/lipsum.txt',
      '.pacifica-dispatcher.json',
    ])
      expect(files).toContain(expected);
    expect(files.some((file) => file.startsWith('.github/workflows/'))).toBe(true);
    expect(files).not.toContain('.travis.yml');
  });

  it('makes a project whose standard-library fixture tests pass with plain python3 -m unittest', () => {
    const cwd = tempDir();
    expect(run(createBin, ['Example', '--yes', '--skip-tests', '-d', 'out'], { cwd }).status).toBe(0);
    const unittest = spawnSync('python3', ['-m', 'unittest', 'fixtures_test.py'], {
      cwd: path.join(cwd, 'out', 'tests'),
      encoding: 'utf8',
    });
    expect(unittest.stderr).toMatch(/Ran [1-9]\d* tests?[\s\S]*\nOK\n/);
    expect(unittest.status).toBe(0);
  });

  it('builds one event per --fixture from real data, nested and binary files included', async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'run1', 'raw', 'deep'), { recursive: true });
    writeFileSync(path.join(cwd, 'run1', 'notes.txt'), 'measured\n');
    writeFileSync(path.join(cwd, 'run1', 'raw', 'deep', 'frame.bin'), Buffer.from([0, 1, 2, 255, 254, 10, 13]));
    writeFileSync(path.join(cwd, 'single.txt'), 'one file\n');
    const result = run(
      createBin,
      [
        'Microscope',
        '--yes',
        '--skip-tests',
        '-d',
        'out',
        '--fixture',
        'run1',
        '--fixture',
        'single.txt',
        '--key-value',
        'instrument-kind=microscope',
        '--key-value',
        'proposal',
      ],
      { cwd },
    );
    expect(result.stderr).toContain('Created');
    const files = await assertSoundProject(path.join(cwd, 'out'));
    expect(files).toContain('tests/test_files/metadata.ingest.1/data/raw/deep/frame.bin');
    expect(files).toContain('tests/test_files/metadata.ingest.2/data/single.txt');
    const event = JSON.parse(
      readFileSync(path.join(cwd, 'out/tests/test_files/metadata.ingest.1/event.json'), 'utf8'),
    ) as { data: FilesItem[] };
    expect(event.data.find((item) => item.name === 'frame.bin')).toMatchObject({
      subdir: 'raw/deep',
      size: 7,
      mimetype: 'application/octet-stream',
    });
  });
});

describe('the generated .gitignore', () => {
  it('never hides test event data, whatever its name, so a clone passes its fixture test', () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'data', 'build'), { recursive: true });
    for (const name of ['run.log', 'config.ini', 'x.pyc', '.env', 'build/out.txt', 'notes.txt'])
      writeFileSync(path.join(cwd, 'data', name), name);
    expect(
      run(createBin, ['Git Kept', '--yes', '--skip-tests', '-d', 'out', '--fixture', 'data', '--no-file-filter'], {
        cwd,
      }).status,
    ).toBe(0);
    const project = path.join(cwd, 'out');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    const tracked = git('ls-files', 'tests/test_files').split('\n').filter(Boolean);
    expect(
      tracked
        .filter((file) => file.includes('/data/'))
        .map((file) => file.split('/data/')[1])
        .sort(),
    ).toEqual(['.env', 'build/out.txt', 'config.ini', 'notes.txt', 'run.log', 'x.pyc']);
  });
});

describe('create-pacifica-dispatcher refusals and outputs', () => {
  it('refuses a non-empty directory, lists what is there, and changes nothing', () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'out'));
    writeFileSync(path.join(cwd, 'out', 'precious.txt'), 'keep');
    const result = run(createBin, ['Example', '--yes', '--skip-tests', '-d', 'out'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Target directory ".*out" is not empty[\s\S]*precious\.txt[\s\S]*--force/);
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['precious.txt']);
  });

  it('prints the files of a dry run and writes nothing', () => {
    const cwd = tempDir();
    const result = run(createBin, ['Example', '--yes', '--dry-run'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^pacifica\/dispatcher_example\/router\.py\t\d+$/m);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints a machine-readable manifest with --json, and progress only on stderr', () => {
    const cwd = tempDir();
    const result = run(createBin, ['Example', '--yes', '--skip-tests', '--json'], { cwd });
    expect(result.status).toBe(0);
    const manifest = JSON.parse(result.stdout) as {
      names: { repository: string };
      files: { path: string; size: number; sha1?: string }[];
      directory: string;
    };
    expect(manifest.names.repository).toBe('pacifica-dispatcher-example');
    expect(manifest.directory).toBe(path.join(cwd, 'pacifica-dispatcher-example'));
    const data = manifest.files.find((file) => file.path.endsWith('/data/lipsum.txt'));
    expect(data?.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(existsSync(path.join(cwd, 'pacifica-dispatcher-example', 'pyproject.toml'))).toBe(true);
  });

  it('without a terminal and without a name, fails at once and names the argument', () => {
    const cwd = tempDir();
    const result = run(createBin, ['--skip-tests'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No project name given');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a route value no jsonpath2 route can match, before writing anything', () => {
    const cwd = tempDir();
    const result = run(createBin, ['Example', '--yes', '--skip-tests', '--key-value', 'k=say "hi"'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/double quote.*never unescapes/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses fixture data that cannot satisfy the route, explaining the failing clause', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'image.png'), Buffer.from([137, 80, 78, 71]));
    const result = run(createBin, ['Example', '--yes', '--skip-tests', '--fixture', 'image.png'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/matches tests\/test_files\/metadata\.ingest\.1\/event\.json 0 times/);
    expect(result.stderr).toMatch(/text\/plain/);
    expect(readdirSync(cwd)).toEqual(['image.png']);
  });

  it('exits 2 on an unknown option, naming it', () => {
    const result = run(createBin, ['Example', '--colour'], { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--colour'");
  });
});
