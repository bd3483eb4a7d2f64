import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { MIN_PYTHON } from '../../src/core/limits.js';
import type { FileMap, FixtureEvent, Names, RenderContext, RouteSpec } from '../../src/core/types.js';
import { deriveNames } from '../../src/project/naming.js';
import { line, md } from '../../src/render/escape.js';
import { outputPath, renderProject, TEMPLATE_ROOT } from '../../src/render/render.js';

const HOSTILE = "a\"b\\c\n<%= x %>é 'q' ${x} # : - 😀\u2028";

function route(names: Names, overrides: Partial<RouteSpec> = {}): RouteSpec {
  return {
    name: names.snake,
    handlerClass: names.handlerClass,
    keyValues: [{ key: `${names.kebab}-key`, value: `${names.kebab}-value` }],
    mimetype: 'text/plain',
    subdir: '',
    eventType: 'org.pacifica.metadata.ingest',
    source: '/pacifica/metadata/ingest',
    loopBreaker: { key: 'processed-by', value: names.repository },
    provenanceKey: 'derived-from-transaction',
    ...overrides,
  };
}

function context(names: Names, overrides: Partial<RenderContext> = {}): RenderContext {
  const routes = overrides.routes ?? [route(names)];
  const firstRoute = routes[0]?.name ?? names.snake;
  const events: FixtureEvent[] = [{ eventId: 'C234-1234-1234', route: firstRoute, files: [] }];
  return {
    names,
    description: `The ${names.projectName} dispatcher.`,
    author: 'Ada Lovelace',
    authorEmail: 'ada@example.org',
    toolVersion: '0.1.0',
    year: 2026,
    routes,
    events,
    ci: { github: true, travis: true, appveyor: true },
    ...overrides,
  };
}

const example = deriveNames('Example');
const hello = deriveNames('Hello, world!');
const two = deriveNames('Two routes');
const bare = deriveNames('Bare');
const hostile = deriveNames('Hostile');

const CASES: [string, RenderContext][] = [
  ['the SOP example', context(example)],
  ['"Hello, world!" without CI', context(hello, { ci: { github: false, travis: false, appveyor: false } })],
  [
    'two routes and awkward event ids',
    context(two, {
      routes: [
        route(two, { name: 'first' }),
        route(two, { name: 'second', handlerClass: 'SecondEventHandler', mimetype: 'image/png', subdir: 'a/b' }),
      ],
      events: [
        { eventId: 'a-b', route: 'first', files: [] },
        { eventId: 'a_b', route: 'second', files: [] },
        { eventId: 'metadata.ingest.42', route: 'second', files: [] },
        { eventId: '42', route: 'first', files: [] },
      ],
      ci: { github: true, travis: false, appveyor: false },
    }),
  ],
  [
    'a route without key-values, files filter or source',
    context(bare, { routes: [route(bare, { keyValues: [], source: undefined })].map(withoutFilters) }),
  ],
  [
    'hostile description, author and key-values',
    context(hostile, {
      description: HOSTILE,
      author: HOSTILE,
      authorEmail: 'o\'brien+"x"@example.org',
      routes: [
        route(hostile, {
          keyValues: [{ key: HOSTILE, value: HOSTILE }, { key: 'exists' }],
          loopBreaker: { key: HOSTILE, value: HOSTILE },
          provenanceKey: HOSTILE,
        }),
      ],
      events: [{ eventId: HOSTILE, route: 'hostile', files: [] }],
    }),
  ],
];

function withoutFilters(spec: RouteSpec): RouteSpec {
  const { mimetype: _mimetype, subdir: _subdir, source: _source, ...rest } = spec;
  return rest;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function writeTree(files: FileMap): string {
  const root = mkdtempSync(path.join(tmpdir(), 'render-test-'));
  roots.push(root);
  for (const [relative, content] of files) {
    const target = path.join(root, ...relative.split('/'));
    if (!target.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${root}: ${relative}`);
    mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(target, content);
    else throw new Error(`unexpected content for ${relative}`);
  }
  return root;
}

function python(args: string[], options: { cwd?: string; input?: string } = {}): string {
  return execFileSync('python3', args, { encoding: 'utf8', ...options });
}

function text(files: FileMap, name: string): string {
  const content = files.get(name);
  if (typeof content === 'string') return content;
  // Files copied verbatim (not .ejs templates) come as bytes.
  if (content instanceof Uint8Array) return new TextDecoder('utf-8', { fatal: true }).decode(content);
  throw new Error(`${name} was not rendered`);
}

function expectedFiles(ctx: RenderContext): string[] {
  const pkg = ctx.names.packageDir;
  return [
    'README.md',
    'LICENSE',
    '.gitignore',
    '.flake8',
    '.dockerignore',
    '.pre-commit-config.yaml',
    '.github/ISSUE_TEMPLATE.md',
    '.github/PULL_REQUEST_TEMPLATE.md',
    ...(ctx.ci.github ? ['.github/workflows/test.yml'] : []),
    ...(ctx.ci.travis ? ['.travis.yml'] : []),
    ...(ctx.ci.appveyor ? ['appveyor.yml'] : []),
    'Dockerfile.celery',
    'Dockerfile.uwsgi',
    'docker-compose.yml',
    'pyproject.toml',
    'requirements.txt',
    'requirements-dev.txt',
    'constraints.txt',
    `${pkg}/__init__.py`,
    `${pkg}/__main__.py`,
    `${pkg}/event_handlers.py`,
    `${pkg}/router.py`,
    `${pkg}/service.py`,
    `tests/${ctx.names.testFile}`,
    'tests/fixtures_test.py',
    'tests/service_test.py',
    'tests/pacifica_stand_ins.py',
  ].sort();
}

describe.each(CASES)('renderProject for %s', (_label, ctx) => {
  let rendered: { files: FileMap; root: string } | undefined;
  async function project(): Promise<{ files: FileMap; root: string }> {
    if (rendered === undefined) {
      const files = await renderProject(ctx);
      rendered = { files, root: writeTree(files) };
    }
    return rendered;
  }

  it('renders exactly the expected files, CI files only when asked', async () => {
    const { files } = await project();
    expect([...files.keys()].sort()).toEqual(expectedFiles(ctx));
  });

  it('renders Python files that compile', async () => {
    const { files, root } = await project();
    const sources = [...files.keys()].filter((name) => name.endsWith('.py')).map((name) => path.join(root, name));
    python(['-c', 'import py_compile, sys\nfor f in sys.argv[1:]: py_compile.compile(f, doraise=True)', ...sources]);
  });

  it('renders YAML files that parse', async () => {
    const { files } = await project();
    for (const name of [...files.keys()].filter((file) => /\.ya?ml$/.test(file))) {
      expect(() => parseYaml(text(files, name)), name).not.toThrow();
      expect(parseYaml(text(files, name)), name).toBeTypeOf('object');
    }
  });

  it('renders a pyproject.toml that tomllib reads back with the exact (one-line) description and author', async () => {
    const { root } = await project();
    const out = python([
      '-c',
      'import json, sys, tomllib\nprint(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))',
      path.join(root, 'pyproject.toml'),
    ]);
    const pyproject = JSON.parse(out);
    expect(pyproject.project.name).toBe(ctx.names.repository);
    expect(pyproject.project.version).toBe('0.1.0');
    expect(pyproject.project.description).toBe(line(ctx.description));
    expect(pyproject.project.authors).toEqual([{ name: line(ctx.author), email: line(ctx.authorEmail) }]);
    expect(pyproject.project.dependencies).toContain('pacifica-dispatcher');
    expect(pyproject.project.dependencies).toContain('cherrypy>=18.10; python_version >= "3.13"');
    // The runner looks for the same Python the project requires.
    expect(pyproject.project['requires-python']).toBe(`>=${MIN_PYTHON.join('.')}`);
    expect(pyproject.project['optional-dependencies']).toEqual({ postgres: ['psycopg2-binary'] });
    expect(pyproject['build-system'].requires).toEqual(['setuptools>=61', 'wheel']);
    expect(pyproject['build-system']['build-backend']).toBe('setuptools.build_meta');
    expect(pyproject.tool.setuptools.packages.find).toEqual({ include: ['pacifica.*'], namespaces: true });
    expect(pyproject.tool.setuptools['package-data']).toEqual({ [ctx.names.module]: ['jsonpath2/*.txt'] });
    expect(JSON.stringify(pyproject)).not.toMatch(/setuptools_scm|setuptools-scm/);
  });

  it('puts route values and event ids into Python as exact literals', async () => {
    const { root } = await project();
    const pkg = path.join(root, ...ctx.names.packageDir.split('/'));
    const handlers = JSON.parse(
      python([
        '-c',
        [
          'import ast, json, sys',
          'tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())',
          'out = {}',
          'for node in tree.body:',
          '    if isinstance(node, ast.ClassDef):',
          '        out[node.name] = {t.targets[0].id: ast.literal_eval(t.value) for t in node.body if isinstance(t, ast.Assign)}',
          'print(json.dumps(out))',
        ].join('\n'),
        path.join(pkg, 'event_handlers.py'),
      ]),
    );
    for (const spec of ctx.routes) {
      expect(handlers[spec.handlerClass]).toEqual({
        PROVENANCE_KEY: spec.provenanceKey,
        LOOP_BREAKER_KEY: spec.loopBreaker.key,
        LOOP_BREAKER_VALUE: spec.loopBreaker.value,
        OUTPUT_SUFFIX: '.summary.txt',
      });
    }
    const calls = JSON.parse(
      python([
        '-c',
        [
          'import ast, json, sys',
          'tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())',
          'cls = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("TestCase")][0]',
          'tests = [f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name.startswith("test_")]',
          'first = [f.body[0].value for f in tests if f.name.endswith("_once")]',
          'print(json.dumps({"class": cls.name, "names": [f.name for f in tests],',
          '                  "calls": [[ast.literal_eval(a) for a in c.args] for c in first]}))',
        ].join('\n'),
        path.join(root, 'tests', ctx.names.testFile),
      ]),
    );
    expect(calls.class).toBe(ctx.names.testCaseClass);
    expect(calls.calls).toEqual(ctx.events.map((event) => [event.eventId, event.route]));
    expect(new Set(calls.names).size).toBe(calls.names.length);
    expect(calls.names).toHaveLength(ctx.events.length * 5);
  });

  it('routes every route file through the router, in order', async () => {
    const { files } = await project();
    const router = text(files, `${ctx.names.packageDir}/router.py`);
    const added = [...router.matchAll(/route_file\('([^']*)'\)\),\n {4}(\w+)\(/g)].map((match) => [match[1], match[2]]);
    expect(added).toEqual(ctx.routes.map((spec) => [spec.name, spec.handlerClass]));
  });

  it('writes the description, author and routes into README and LICENSE escaped', async () => {
    const { files } = await project();
    const readme = text(files, 'README.md');
    expect(readme).toContain(md(ctx.description));
    expect(readme).toContain(`celery -A "${ctx.names.module}.__main__:celery_app" worker -l info`);
    expect(readme).toContain(`python3 -m unittest fixtures_test.py ${ctx.names.testFile}`);
    for (const spec of ctx.routes) expect(readme).toContain(`${ctx.names.packageDir}/jsonpath2/${spec.name}.txt`);
    expect(readme.includes('NOTIFICATIONS_INGEST_SOURCE')).toBe(ctx.routes.some((spec) => spec.source !== undefined));
    expect(text(files, 'LICENSE')).toContain(`Copyright (c) ${ctx.year} ${line(ctx.author)}\n`);
    for (const name of files.keys()) {
      expect(text(files, name), name).not.toMatch(/REPLACE_ME|127\.0\.0\.1:3306/);
    }
  });

  it('runs the CI tests exactly as the README says', async () => {
    const { files } = await project();
    const modules = `fixtures_test.py ${ctx.names.testFile} service_test.py`;
    const command = `python3 -m unittest ${modules}`;
    expect(text(files, 'README.md')).toContain(`    ${command}\n`);
    if (ctx.ci.github) {
      const workflow = parseYaml(text(files, '.github/workflows/test.yml'));
      expect(workflow.jobs.test.strategy.matrix['python-version']).toEqual(['3.11', '3.12', '3.13']);
      const steps = workflow.jobs.test.steps as { run?: string; 'working-directory'?: string }[];
      expect(steps.map((step) => step.run).join('\n')).toContain('python3 -m pip install -c constraints.txt .');
      expect(steps.find((step) => step.run === command)?.['working-directory']).toBe('tests');
    }
    if (ctx.ci.travis) {
      expect(parseYaml(text(files, '.travis.yml')).python).toEqual(['3.11', '3.12', '3.13']);
      expect(parseYaml(text(files, '.travis.yml')).script).toEqual([`cd tests && ${command}`]);
    }
    if (ctx.ci.appveyor) {
      const appveyor = parseYaml(text(files, 'appveyor.yml'));
      expect(appveyor.environment.matrix.map((entry: { PYTHON: string }) => entry.PYTHON)).toEqual([
        'C:\\Python311-x64',
        'C:\\Python312-x64',
        'C:\\Python313-x64',
      ]);
      expect(appveyor.test_script[0].cmd).toBe(`cd tests && C:\\venv\\Scripts\\python.exe -m unittest ${modules}`);
    }
  });

  it('pins every runtime dependency in constraints.txt, with CherryPy 18.8 only below Python 3.13', async () => {
    const { files } = await project();
    const pins = text(files, 'constraints.txt')
      .split('\n')
      .filter((row) => row !== '' && !row.startsWith('#'));
    for (const pin of pins) expect(pin).toMatch(/^[a-z0-9-]+==[0-9][0-9.]*(; python_version < "3\.13")?$/);
    const pinned = pins.map((pin) => pin.split('==')[0]);
    for (const dependency of [
      'celery',
      'cherrypy',
      'cloudevents-python',
      'jsonpath2',
      'pacifica-cli',
      'pacifica-dispatcher',
      'pacifica-downloader',
      'pacifica-uploader',
      'peewee',
      'psycopg2-binary',
    ]) {
      expect(pinned).toContain(dependency);
    }
    expect(pins).toContain('cherrypy==18.8.0; python_version < "3.13"');
  });

  it('wires docker-compose services by service name with an installed database driver', async () => {
    const { files } = await project();
    const compose = parseYaml(text(files, 'docker-compose.yml'));
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'rabbit', 'web', 'worker']);
    for (const service of ['web', 'worker']) {
      const environment = compose.services[service].environment as Record<string, string>;
      expect(environment.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(environment.BROKER_URL).toContain('@rabbit:5672');
      expect(JSON.stringify(environment)).not.toMatch(/127\.0\.0\.1|localhost/);
    }
    expect(compose.services.web.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8069/health');
    expect(compose.services.worker.healthcheck.test).toEqual([
      'CMD',
      'python',
      '-m',
      ctx.names.module,
      '--check-health',
    ]);
    for (const dockerfile of ['Dockerfile.celery', 'Dockerfile.uwsgi']) {
      // The [postgres] extra is the driver; constraints.txt the verified versions.
      expect(text(files, dockerfile)).toMatch(/pip install --no-cache-dir -c constraints\.txt "\.\[postgres\]"/);
      expect(text(files, dockerfile)).toMatch(/^HEALTHCHECK /m);
      expect(text(files, dockerfile)).toContain(`${ctx.names.module}.__main__:`);
    }
  });
});

describe('template tree', () => {
  function allTemplates(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? allTemplates(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
  }

  it('never uses <%=, which HTML-escapes', () => {
    for (const file of allTemplates(TEMPLATE_ROOT)) expect(readFileSync(file, 'utf8'), file).not.toContain('<%=');
  });

  it('maps name placeholders and leaves Python dunders alone', () => {
    expect(outputPath('pacifica/__packageName__/__init__.py.ejs', hello)).toBe(
      'pacifica/dispatcher_hello_world/__init__.py',
    );
    expect(outputPath('tests/__testFile__.ejs', hello)).toBe('tests/hello_world_test.py');
    expect(outputPath('_gitignore', hello)).toBe('.gitignore');
    expect(() => outputPath('pacifica/__pakageName__/x.py', hello)).toThrow(/pakageName/);
  });

  it('refuses an event whose route does not exist', async () => {
    await expect(
      renderProject(context(hello, { events: [{ eventId: 'x', route: 'nope', files: [] }] })),
    ).rejects.toThrow(/nope/);
  });
});

describe('generated tests/fixtures_test.py', () => {
  function fixtureProject(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'fixtures-test-'));
    roots.push(root);
    return root;
  }

  async function withFixture(mutate: (eventDir: string) => void): Promise<{ status: number | null; output: string }> {
    const files = await renderProject(context(hello));
    const root = fixtureProject();
    const tests = path.join(root, 'tests');
    mkdirSync(tests, { recursive: true });
    writeFileSync(path.join(tests, 'fixtures_test.py'), text(files, 'tests/fixtures_test.py'));
    const eventDir = path.join(tests, 'test_files', 'C234-1234-1234');
    const data: [string, string, Buffer][] = [
      ['', 'lipsum.txt', Buffer.from('Lorem ipsum dolor sit amet.\n')],
      ['nested/dir', 'blob.bin', Buffer.from([0, 255, 128, 10, 13, 0xc3])],
    ];
    const items: object[] = [];
    for (const [subdir, name, bytes] of data) {
      const dir = path.join(eventDir, 'data', ...subdir.split('/').filter(Boolean));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, name), bytes);
      items.push({
        destinationTable: 'Files',
        _id: items.length + 1,
        name,
        subdir,
        size: bytes.length,
        hashtype: 'sha1',
        hashsum: createHash('sha1').update(bytes).digest('hex'),
        mimetype: 'application/octet-stream',
      });
    }
    const event = {
      cloudEventsVersion: '0.1',
      contentType: 'application/json',
      eventID: 'C234-1234-1234',
      eventTime: '2018-08-30T15:20:00Z',
      eventType: 'org.pacifica.metadata.ingest',
      source: '/pacifica/metadata/ingest',
      data: [{ destinationTable: 'Transactions._id', value: -1 }, ...items],
    };
    writeFileSync(path.join(eventDir, 'event.json'), JSON.stringify(event, null, 2));
    mutate(eventDir);
    const result = spawnSync('python3', ['-m', 'unittest', 'fixtures_test.py'], { cwd: tests, encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  it('passes on a fixture whose files match event.json', async () => {
    const { status, output } = await withFixture(() => {});
    expect(output).toMatch(/Ran 4 tests/);
    expect(status, output).toBe(0);
  });

  it('fails when one byte of a data file is flipped', async () => {
    const { status, output } = await withFixture((eventDir) => {
      const file = path.join(eventDir, 'data', 'nested', 'dir', 'blob.bin');
      const bytes = readFileSync(file);
      bytes[1] = (bytes[1] ?? 0) ^ 1;
      writeFileSync(file, bytes);
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/hashsum/);
  });

  it('fails when data/ holds a file event.json does not describe', async () => {
    const { status, output } = await withFixture((eventDir) =>
      writeFileSync(path.join(eventDir, 'data', 'extra.txt'), 'x'),
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/extra\.txt/);
  });

  it('fails when an event has two Transactions._id items', async () => {
    const { status, output } = await withFixture((eventDir) => {
      const file = path.join(eventDir, 'event.json');
      const event = JSON.parse(readFileSync(file, 'utf8'));
      event.data.push({ destinationTable: 'Transactions._id', value: 7 });
      writeFileSync(file, JSON.stringify(event));
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/Transactions\._id/);
  });
});
