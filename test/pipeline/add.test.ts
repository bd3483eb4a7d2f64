import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/index.js';
import type { Io } from '../../src/core/io.js';
import { addFixture, addRoute } from '../../src/pipeline/add.js';
import { finaliseAnswers } from '../../src/pipeline/answers.js';
import { createProject } from '../../src/pipeline/create.js';
import type { ProjectState } from '../../src/project/state.js';
import { tempDir } from '../helpers/tmp.js';

const io: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: new PassThrough(),
  isTTY: false,
  verbose: false,
};

async function generated(name = 'Hello, world!'): Promise<string> {
  const dir = path.join(tempDir(), 'project');
  await createProject(finaliseAnswers({ projectName: name, directory: dir }, dir), { skipTests: true }, io);
  return dir;
}

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');
const state = (dir: string): ProjectState => JSON.parse(read(dir, '.pacifica-dispatcher.json')) as ProjectState;
const handlers = 'pacifica/dispatcher_hello_world/event_handlers.py';
const tests = 'tests/hello_world_test.py';

/** Every file's path and modification time: proof that nothing changed. */
function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (sub: string): void => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(relative);
      else out[relative] = statSync(path.join(dir, relative)).mtimeMs;
    }
  };
  walk('');
  return out;
}

function fixturesPass(dir: string): boolean {
  return (
    spawnSync('python3', ['-m', 'unittest', 'fixtures_test.py'], { cwd: path.join(dir, 'tests'), encoding: 'utf8' })
      .status === 0
  );
}

describe('add fixture', () => {
  it('adds an event from real data, with its tests, and the fixtures stay true', async () => {
    const dir = await generated();
    const data = path.join(tempDir(), 'reading.txt');
    writeFileSync(data, 'measured 42\n');
    await addFixture(dir, { from: [data] }, io);
    expect(JSON.parse(read(dir, 'tests/test_files/metadata.ingest.2/event.json')).eventID).toBe('metadata.ingest.2');
    expect(read(dir, 'tests/test_files/metadata.ingest.2/data/reading.txt')).toBe('measured 42\n');
    expect(read(dir, tests)).toContain(
      "self.check_handler_runs('metadata.ingest.2', event_handlers.HelloWorldEventHandler)",
    );
    expect(state(dir).events).toEqual([
      { eventId: 'metadata.ingest.1', route: 'hello_world' },
      { eventId: 'metadata.ingest.2', route: 'hello_world' },
    ]);
    expect(fixturesPass(dir)).toBe(true);
    expect((await checkProject(dir)).problems).toEqual([]);
  });

  it('takes the event id it is given, and refuses one that exists', async () => {
    const dir = await generated();
    const data = path.join(tempDir(), 'a.txt');
    writeFileSync(data, 'a');
    await addFixture(dir, { from: [data], eventId: 'C234-1234-1234' }, io);
    expect(JSON.parse(read(dir, 'tests/test_files/C234-1234-1234/event.json')).eventID).toBe('C234-1234-1234');
    await expect(addFixture(dir, { from: [data], eventId: 'C234-1234-1234' }, io)).rejects.toThrow(/already exists/);
    await expect(addFixture(dir, { from: [data], eventId: '../x' }, io)).rejects.toThrow(/Event id "..\/x" must be/);
  });

  it('refuses data that cannot satisfy the route, and changes nothing', async () => {
    const dir = await generated();
    const data = path.join(tempDir(), 'image.png');
    writeFileSync(data, 'png');
    const before = snapshot(dir);
    await expect(addFixture(dir, { from: [data] }, io)).rejects.toThrow(/0 times: clause 2[\s\S]*image\/png/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('proves the route file as it is on disk, edits included, not as it was generated', async () => {
    const dir = await generated();
    const route = path.join(dir, 'pacifica/dispatcher_hello_world/jsonpath2/hello_world.txt');
    writeFileSync(route, readFileSync(route, 'utf8').replace('"text/plain"', '"text/csv"'));
    const data = path.join(tempDir(), 'reading.txt');
    writeFileSync(data, 'x');
    await expect(addFixture(dir, { from: [data] }, io)).rejects.toThrow(
      /hello_world\.txt matches .* 0 times[\s\S]*text\/csv/,
    );
  });

  it('needs --route when the project has several routes, and names them', async () => {
    const dir = await generated();
    await addRoute(dir, 'thumbnails', { route: { keyValues: ['kind=image'] }, fixtures: [] }, io);
    const data = path.join(tempDir(), 'a.txt');
    writeFileSync(data, 'a');
    await expect(addFixture(dir, { from: [data] }, io)).rejects.toThrow(/2 routes/);
    await expect(addFixture(dir, { from: [data], route: 'nope' }, io)).rejects.toThrow(/no route "nope"/);
  });

  it.each([
    [(st: Record<string, unknown>) => ({ ...st, routes: [] }), /"routes" must list at least one route/],
    [
      (st: Record<string, unknown>) => ({ ...st, routes: [{ ...(st.routes as object[])[0], name: '../../evil' }] }),
      /routes\[0\]\.name must be a snake_case route name/,
    ],
    [(st: Record<string, unknown>) => ({ ...st, routes: [{}] }), /routes\[0\]\.name/],
    [
      (st: Record<string, unknown>) => ({ ...st, events: [{ eventId: 'x', route: 'nope' }] }),
      /events\[0\]\.route must name one of the routes/,
    ],
  ])('refuses a hand-edited state file it cannot trust, naming the field (%#)', async (tamper, message) => {
    const dir = await generated();
    const file = path.join(dir, '.pacifica-dispatcher.json');
    writeFileSync(file, JSON.stringify(tamper(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
    await expect(addFixture(dir, { from: [file] }, io)).rejects.toThrow(message);
  });

  it('refuses a project that this tool did not generate', async () => {
    const dir = await generated();
    rmSync(path.join(dir, '.pacifica-dispatcher.json'));
    await expect(addFixture(dir, { from: [dir] }, io)).rejects.toThrow(/has no \.pacifica-dispatcher\.json/);
  });
});

describe('add route', () => {
  it('adds the route file, handler, router entry, tests and its own event', async () => {
    const dir = await generated();
    await addRoute(
      dir,
      'Thumbnails',
      { route: { keyValues: ['kind=image', 'proposal'], mimetype: 'image/png' }, fixtures: [] },
      io,
    );
    expect(read(dir, 'pacifica/dispatcher_hello_world/jsonpath2/thumbnails.txt')).toContain(
      '@["mimetype"] = "image/png"',
    );
    expect(read(dir, handlers)).toContain('class ThumbnailsEventHandler(EventHandler):');
    expect(read(dir, 'pacifica/dispatcher_hello_world/router.py')).toMatch(
      /route_file\('hello_world'\)[\s\S]*route_file\('thumbnails'\)/,
    );
    expect(read(dir, tests)).toContain(
      "self.check_router_picks('metadata.ingest.2', event_handlers.ThumbnailsEventHandler)",
    );
    expect(readdirSync(path.join(dir, 'tests/test_files/metadata.ingest.2/data'))).toEqual(['sample.png']);
    expect(state(dir).routes.map((route) => route.name)).toEqual(['hello_world', 'thumbnails']);
    expect(state(dir).routes[1]?.source).toBe('/pacifica/metadata/ingest');
    expect(fixturesPass(dir)).toBe(true);
    expect((await checkProject(dir)).problems).toEqual([]);
    const compiled = spawnSync('python3', ['-m', 'py_compile', path.join(dir, handlers), path.join(dir, tests)]);
    expect(compiled.status).toBe(0);
  });

  it('refuses a route whose events an earlier route would take', async () => {
    const dir = await generated();
    const before = snapshot(dir);
    await expect(
      addRoute(dir, 'copycat', { route: { keyValues: ['hello-world-key=hello-world-value'] }, fixtures: [] }, io),
    ).rejects.toThrow(/also matched by the earlier route .*hello_world\.txt/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a route name the project already has', async () => {
    const dir = await generated();
    await expect(addRoute(dir, 'hello world', { route: {}, fixtures: [] }, io)).rejects.toThrow(
      /already has a route "hello_world"/,
    );
  });

  it('merges the new handler into a handler file the user edited, keeping the edit', async () => {
    const dir = await generated();
    const edited = read(dir, handlers).replace(
      '# YOUR WORK GOES HERE: read each input, write outputs under upload_dir.',
      '# MY WORK: stays.',
    );
    writeFileSync(path.join(dir, handlers), edited);
    await addRoute(dir, 'thumbnails', { route: { keyValues: ['kind=image'] }, fixtures: [] }, io);
    const merged = read(dir, handlers);
    expect(merged).toContain('# MY WORK: stays.');
    expect(merged).toContain('class ThumbnailsEventHandler(EventHandler):');
    expect(spawnSync('python3', ['-m', 'py_compile', path.join(dir, handlers)]).status).toBe(0);
  });

  it('refuses, with the diff, to overwrite an edit it cannot merge; --force replaces it', async () => {
    const dir = await generated();
    const router = 'pacifica/dispatcher_hello_world/router.py';
    const original = read(dir, router);
    const rewritten = `${original.slice(0, original.indexOf('from .event_handlers import'))}from .my_routes import router\n`;
    writeFileSync(path.join(dir, router), rewritten);
    const before = snapshot(dir);
    const error = await addRoute(dir, 'thumbnails', { route: { keyValues: ['kind=image'] }, fixtures: [] }, io).catch(
      (e: Error) => e,
    );
    expect(String(error)).toMatch(
      /edited since they were generated[\s\S]*router\.py[\s\S]*--- pacifica\/dispatcher_hello_world\/router\.py \(yours\)[\s\S]*\+router = Router\(\)/,
    );
    expect(snapshot(dir)).toEqual(before);
    expect(read(dir, router)).toBe(rewritten);
    await addRoute(dir, 'thumbnails', { route: { keyValues: ['kind=image'] }, fixtures: [], force: true }, io);
    expect(read(dir, router)).toContain("route_file('thumbnails')");
  });
});
