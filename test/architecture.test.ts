import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The shape of src/ (DESIGN.md): folders by capability, each with one face
 * (index.ts) the others import through, layers that only look down, and IO
 * at the edges, one module owning each kind of side effect, so a reader
 * knows where to look and a test can fake it.
 */
const src = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(file) : entry.name.endsWith('.ts') ? [file] : [];
  });
}

const relative = (file: string): string => path.relative(src, file).split(path.sep).join('/');

/** Source without comments: a comment that names process.exit is no use of it. */
const code = (file: string): string => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');

const owners = (pattern: RegExp): string[] =>
  sources()
    .filter((file) => pattern.test(code(file)))
    .map(relative)
    .sort();

/** Every relative import of every module (static, type-only and dynamic), as src-relative paths. */
function imports(): { from: string; to: string }[] {
  return sources().flatMap((file) =>
    [...code(file).matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((match) => ({
      from: relative(file),
      to: relative(path.resolve(path.dirname(file), match[1]!)).replace(/\.js$/, '.ts'),
    })),
  );
}

const folderOf = (file: string): string => file.split('/')[0]!;

/**
 * What each folder may import, lowest first. core is the ground floor; the
 * capabilities beside it know nothing of projects; project knows the
 * generated project's rules; the pipeline puts it all together; the CLI is
 * the only one that knows about commands and the process.
 */
const MAY_IMPORT: Record<string, string[]> = {
  core: [],
  fixtures: ['core'],
  jsonpath: ['core'],
  runner: ['core'],
  write: ['core'],
  project: ['core', 'jsonpath'],
  render: ['core', 'project'],
  check: ['core', 'fixtures', 'jsonpath', 'project', 'write'],
  pipeline: ['core', 'fixtures', 'jsonpath', 'project', 'render', 'runner', 'write'],
  cli: ['core', 'check', 'jsonpath', 'pipeline', 'project', 'runner', 'write'],
};

describe('folders by capability', () => {
  it('keeps no loose modules in src/: every module lives in the folder of its capability', () => {
    expect(
      readdirSync(src, { withFileTypes: true })
        .filter((entry) => !entry.isDirectory())
        .map((entry) => entry.name),
    ).toEqual([]);
  });

  it('knows every folder, and gives each but core one face (index.ts)', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(Object.keys(MAY_IMPORT).sort());
    const faces = new Set(
      sources()
        .map(relative)
        .filter((file) => /^[^/]+\/index\.ts$/.test(file))
        .map(folderOf),
    );
    expect(folders.filter((folder) => folder !== 'core' && !faces.has(folder))).toEqual([]);
  });

  it('imports another folder only through its face (core, the ground floor, module by module)', () => {
    const around = imports().filter(
      ({ from, to }) => folderOf(from) !== folderOf(to) && folderOf(to) !== 'core' && !/^[^/]+\/index\.ts$/.test(to),
    );
    expect(around.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('imports only downwards, between layers', () => {
    const upward = imports().filter(
      ({ from, to }) => folderOf(from) !== folderOf(to) && !(MAY_IMPORT[folderOf(from)] ?? []).includes(folderOf(to)),
    );
    expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('has no import circle between modules (type-only and dynamic imports included)', () => {
    const edges = new Map<string, string[]>();
    for (const { from, to } of imports()) edges.set(from, [...(edges.get(from) ?? []), to]);
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of edges.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of sources().map(relative)) visit(file, []);
    expect(circles).toEqual([]);
  });
});

describe('module ownership', () => {
  it("lets only the CLI entry touch the process's arguments, streams and exit code", () => {
    expect(owners(/process\.(argv|exit|exitCode|stdout|stdin|stderr)\b/)).toEqual(['cli/index.ts']);
  });

  it('lets only write/ write project files, keep typed answers and scratch directories, and the runner remove the .venv it failed to create', () => {
    expect(
      owners(/\b(writeFile|writeFileSync|createWriteStream|rename|rm|rmSync|copyFile|unlink|mkdtemp)\s*\(/),
    ).toEqual([
      'runner/environment.ts',
      'write/commit.ts',
      'write/lock.ts',
      'write/saved-answers.ts',
      'write/scratch.ts',
      'write/staging.ts',
      'write/write.ts',
    ]);
  });

  it('lets only the runner spawn processes', () => {
    expect(owners(/from 'execa'|node:child_process/)).toEqual(['runner/exec.ts', 'runner/run.ts']);
  });

  it('keeps ejs in render/render.ts and the prompt library in pipeline/prompts.ts', () => {
    expect(owners(/from 'ejs'/)).toEqual(['render/render.ts']);
    expect(owners(/from '@inquirer\/prompts'/)).toEqual(['pipeline/prompts.ts']);
  });
});

describe('failures', () => {
  it('ignores no error unseen: a rejection handler looks at the error (core/fs.ts has whenCode and the probes)', () => {
    expect(owners(/\.catch\(\s*\(\s*\)\s*=>/)).toEqual([]);
    expect(owners(/,\s*\(\s*\)\s*=>\s*(?:true|false|undefined|null|''|\[\])\s*\)/)).toEqual([]);
  });

  it('catches every error only where a comment says why', () => {
    const unexplained = sources().filter((file) => /\bcatch\s*\{(?!\s*\n\s*\/\/)/.test(readFileSync(file, 'utf8')));
    expect(unexplained.map(relative)).toEqual([]);
  });
});
