import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/core/version.js';
import { managedFiles } from '../../src/pipeline/plan.js';
import { deriveNames, parseState, routeText } from '../../src/project/index.js';
import {
  EXAMPLE_EVENT_DIR,
  EXAMPLE_ROUTE,
  exampleEvent,
  exampleLayout,
  spectraFork,
  writeFile,
} from '../helpers/example-layout.js';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, run } from './cli.js';
import { snapshot, stagingIn, start, waitFor } from './spawn.js';

/**
 * `adopt` through the CLI: a dispatcher made by hand from the example comes
 * under management, its deviations from the SOP are reported and (with
 * --yes) fixed, and `check` passes on it afterwards.
 */

const STATE = '.pacifica-dispatcher.json';
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const read = (dir: string, relative: string): string => readFileSync(path.join(dir, relative), 'utf8');
const adopt = (dir: string, ...args: string[]) =>
  run(dispatcherBin, ['adopt', dir, ...args], { cwd: path.dirname(dir) });
const check = (dir: string) => run(dispatcherBin, ['check', dir], { cwd: path.dirname(dir) });
const stateOf = (dir: string) => parseState(read(dir, STATE), STATE);

describe('adopt on the layout of pacifica-dispatcher-example', () => {
  it('writes the state file the layout says, and only it; check passes', async () => {
    const dir = exampleLayout();
    const before = snapshot(dir);
    const result = adopt(dir);
    expect(result.stderr).toContain('project name  "Example" from the title of README.md');
    expect(result.stderr).toContain('author        "Ada Example" from setup.py, email ada@example.org from setup.py');
    expect(result.stderr).toContain(`To apply the 1 fix above, run: `);
    expect(result.stderr).toContain('✔ pacifica-dispatcher-example: 1 route, 1 event, all checks passed');
    expect(result.status, result.stderr).toBe(0);

    const after = snapshot(dir);
    expect([...after.keys()].filter((file) => !before.has(file))).toEqual([STATE]);
    expect([...before].filter(([file, entry]) => after.get(file) !== entry)).toEqual([]);

    const state = stateOf(dir);
    expect(state).toMatchObject({
      version: TOOL_VERSION,
      projectName: 'Example',
      description: 'A dispatcher made by hand from the example',
      author: 'Ada Example',
      authorEmail: 'ada@example.org',
      ci: { github: false, travis: true, appveyor: true },
      events: [{ eventId: 'C234-1234-1234', route: 'example' }],
      // The LICENSE has no copyright line of the project's own.
      year: new Date().getFullYear(),
    });
    expect(state.routes).toEqual([
      {
        name: 'example',
        handlerClass: 'ExampleEventHandler',
        keyValues: [{ key: 'example-key', value: 'example-value' }],
        mimetype: 'text/plain',
        subdir: '',
        eventType: 'org.pacifica.metadata.ingest',
        source: '/pacifica/metadata/ingest',
        loopBreaker: { key: 'processed-by', value: 'pacifica-dispatcher-example' },
        provenanceKey: 'derived-from-transaction',
      },
    ]);
    // Every rendered file the project has is managed, with the render's hash (so `update` merges into it).
    const { managedFiles: _managed, ...rest } = state;
    const rendered = await managedFiles(deriveNames(state.projectName), rest, state.year as number);
    const expected = Object.fromEntries(
      [...rendered]
        // Its own README and LICENSE are not the template's: never under management.
        .filter(([file]) => existsSync(path.join(dir, file)) && !['README.md', 'LICENSE'].includes(file))
        .map(([file, content]) => [file, sha1(content as string)])
        .sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );
    expect(state.managedFiles).toEqual(expected);
    expect(Object.keys(state.managedFiles)).toEqual(
      expect.arrayContaining(['pacifica/dispatcher_example/router.py', '.travis.yml', 'appveyor.yml']),
    );
    expect(Object.keys(state.managedFiles)).not.toContain('README.md');
    expect(Object.keys(state.managedFiles)).not.toContain('tests/fixtures_test.py');
    expect(state.managedFiles['pacifica/dispatcher_example/router.py']).not.toBe(
      sha1(read(dir, 'pacifica/dispatcher_example/router.py')),
    );

    expect(check(dir).status).toBe(0);
  });

  it('--yes adds the loop-breaker to the route in the generated form; check passes', () => {
    const dir = exampleLayout();
    const result = adopt(dir, '--yes');
    expect(result.stderr).toContain('has no loop-breaker clause');
    expect(result.stderr).toContain('fix (applied): add the clause');
    expect(result.status, result.stderr).toBe(0);
    const state = stateOf(dir);
    expect(read(dir, 'pacifica/dispatcher_example/jsonpath2/example.txt')).toBe(routeText(state.routes[0]!));
    // The route file is now what the state renders: the one managed file `update` may replace outright.
    expect(state.managedFiles['pacifica/dispatcher_example/jsonpath2/example.txt']).toBe(
      sha1(read(dir, 'pacifica/dispatcher_example/jsonpath2/example.txt')),
    );
    expect(check(dir).status).toBe(0);
  });

  it('after adopt without --yes, adopt --yes applies the fixes it offered', () => {
    const dir = exampleLayout();
    expect(adopt(dir).status).toBe(0);
    const again = adopt(dir, '--yes');
    expect(again.stderr).toContain('fix (applied)');
    expect(again.status, again.stderr).toBe(0);
    expect(read(dir, 'pacifica/dispatcher_example/jsonpath2/example.txt')).toContain('"processed-by"');
  });

  it('keeps a route file that is not in the SOP form as written, and says so', () => {
    const dir = exampleLayout();
    const route = 'pacifica/dispatcher_example/jsonpath2/example.txt';
    const handMade = '$[?($["data"][*][?(@["key"] = "example-key" or @["key"] = "other-key")] and $["eventID"])]\n';
    writeFile(dir, route, handMade);
    const result = adopt(dir, '--yes');
    expect(result.stderr).toContain(`${route}: is not in the SOP's form`);
    expect(result.stderr).toContain('kept as written');
    expect(read(dir, route)).toBe(handMade);
    expect(stateOf(dir).routes[0]).toMatchObject({ name: 'example', eventType: 'org.pacifica.metadata.ingest' });
    expect(result.status, result.stderr).toBe(0);
  });

  it('--yes sets an eventID that differs from its directory to the directory name', () => {
    const dir = exampleLayout();
    writeFile(dir, `${EXAMPLE_EVENT_DIR}/event.json`, exampleEvent('metadata.ingest.9'));
    const before = adopt(dir, '--dry-run');
    expect(before.stderr).toContain('its eventID "metadata.ingest.9" differs from its directory\'s name');
    const result = adopt(dir, '--yes');
    expect(result.status, result.stderr).toBe(0);
    expect(read(dir, `${EXAMPLE_EVENT_DIR}/event.json`)).toBe(exampleEvent());
  });
});

describe('adopt on a fork renamed by hand ("Spectra": only the package directory renamed)', () => {
  it('reports the residue and the fixes, writes only the state file, and check still fails', () => {
    const dir = spectraFork();
    const before = snapshot(dir);
    const result = adopt(dir);
    expect(result.stderr).toContain('project name  "Spectra" (the package directory pacifica/dispatcher_spectra)');
    expect(result.stderr).toMatch(
      /pacifica\/dispatcher_spectra\/event_handlers\.py: names another project .*ExampleEventHandler/,
    );
    expect(result.stderr).toContain('fix: replace dispatcher_example → dispatcher_spectra (2×)');
    expect(result.stderr).toContain('tests/example_test.py: is not named after the project');
    expect(result.stderr).toContain(
      "pacifica/dispatcher_spectra/jsonpath2/example.txt: is not named after the project: the SOP's route for it is pacifica/dispatcher_spectra/jsonpath2/spectra.txt",
    );
    expect(result.stderr).toMatch(/To apply the \d+ fixes above, run: .* adopt .* --yes/);
    expect(result.stderr).toContain('✖ pacifica-dispatcher-spectra:');
    expect(result.status).toBe(1);
    const after = snapshot(dir);
    expect([...after.keys()].filter((file) => !before.has(file))).toEqual([STATE]);
    expect(stateOf(dir).routes.map((route) => [route.name, route.handlerClass])).toEqual([
      ['example', 'ExampleEventHandler'],
    ]);
  });

  it('--yes renames what the SOP names after the project and substitutes the residue; check passes', () => {
    const dir = spectraFork();
    const result = adopt(dir, '--yes');
    expect(result.stderr).toContain('✔ pacifica-dispatcher-spectra: 1 route, 1 event, no errors');
    expect(result.status, result.stderr).toBe(0);
    const pkg = 'pacifica/dispatcher_spectra';
    expect(existsSync(path.join(dir, pkg, 'jsonpath2/example.txt'))).toBe(false);
    expect(existsSync(path.join(dir, 'tests/example_test.py'))).toBe(false);
    expect(read(dir, `${pkg}/jsonpath2/spectra.txt`)).toContain('"pacifica-dispatcher-spectra"');
    expect(read(dir, `${pkg}/event_handlers.py`)).toContain('class SpectraEventHandler(EventHandler):');
    expect(read(dir, `${pkg}/router.py`)).toContain(
      "router.add_route(Path.parse_file(os.path.join(os.path.dirname(__file__), 'jsonpath2', 'spectra.txt')), SpectraEventHandler())",
    );
    expect(read(dir, 'tests/spectra_test.py')).toContain('class SpectraTestCase(unittest.TestCase):');
    expect(read(dir, 'tests/spectra_test.py')).toContain('from pacifica.dispatcher_spectra.router import router');
    expect(read(dir, 'setup.py')).toContain("name='pacifica-dispatcher-spectra'");
    expect(read(dir, '.travis.yml')).toContain("--include='pacifica/dispatcher_spectra/*'");
    // Prose is the author's: the README keeps its words (check warns about them).
    expect(read(dir, 'README.md')).toContain('pip install pacifica-dispatcher-example');
    const state = stateOf(dir);
    expect(state.projectName).toBe('Spectra');
    expect(state.routes.map((route) => [route.name, route.handlerClass])).toEqual([['spectra', 'SpectraEventHandler']]);
    expect(state.events).toEqual([{ eventId: 'C234-1234-1234', route: 'spectra' }]);
    expect(Object.keys(state.managedFiles)).toContain('tests/spectra_test.py');
    expect(check(dir).status).toBe(0);
  });

  it('takes the casing of a name the project spells (setup.py), when it gives the package directory', () => {
    const dir = spectraFork();
    writeFile(
      dir,
      'setup.py',
      read(dir, 'setup.py').replace("name='pacifica-dispatcher-example'", "name='pacifica-dispatcher-spectra'"),
    );
    writeFile(dir, 'README.md', '# Spectra Dispatcher\n\nFits spectra.\n');
    const result = adopt(dir, '--dry-run');
    expect(result.stderr).toContain(`project name  "spectra" from setup.py (name='pacifica-dispatcher-spectra')`);
    expect(result.status).toBe(0);
  });
});

describe('update on an adopted project', () => {
  it('finds it up to date, changes nothing, and checks clean', () => {
    const dir = exampleLayout();
    expect(adopt(dir, '--yes').status).toBe(0);
    const before = snapshot(dir);
    const update = run(dispatcherBin, ['update', dir, '--skip-tests'], { cwd: path.dirname(dir) });
    expect(update.status, update.stderr).toBe(0);
    expect(update.stderr).toContain(`Already up to date with create-pacifica-dispatcher ${TOOL_VERSION}`);
    expect(update.stderr).toContain('all checks passed');
    expect(snapshot(dir)).toEqual(before);
  });

  it('merges a later template into the hand-made files, leaving its README and LICENSE alone', () => {
    const dir = exampleLayout();
    expect(adopt(dir, '--yes').status).toBe(0);
    // As if the template of the next version wrote one more line into router.py:
    // the adopted state's version is then older, and its base one line shorter.
    const state = stateOf(dir);
    const router = 'pacifica/dispatcher_example/router.py';
    const readme = read(dir, 'README.md');
    writeFileSync(path.join(dir, router), `${read(dir, router)}# a line of the user's own\n`);
    writeFileSync(path.join(dir, STATE), `${JSON.stringify({ ...state, version: '0.0.1' }, null, 2)}\n`);
    const update = run(dispatcherBin, ['update', dir, '--skip-tests'], { cwd: path.dirname(dir) });
    // 0.0.1 is no release this tool has the templates of: the user's file is merged two ways.
    expect(update.stderr).toContain('This tool has no copy of the templates of 0.0.1');
    expect(update.stderr).toContain(`conflict  ${router}`);
    expect(update.status).toBe(5);
    expect(read(dir, router)).toContain('<<<<<<< yours');
    expect(read(dir, router)).toContain("# a line of the user's own");
    expect(read(dir, 'README.md')).toBe(readme);
    expect(stateOf(dir).version).toBe(TOOL_VERSION);
  });
});

describe('adopt on a generated project whose state file was lost', () => {
  it('gives back the state `new` and `add route` wrote, every file pristine, and the year of its LICENSE', () => {
    const cwd = tempDir();
    const make = (args: string[]) => run(createBin, args, { cwd });
    expect(make(['Hello, world!', '--yes', '--skip-tests', '--no-git', '-d', 'p', '--author', 'Ada']).status).toBe(0);
    expect(
      run(dispatcherBin, ['add', 'route', 'thumbnails', '-d', 'p', '--mimetype', 'image/png'], { cwd }).status,
    ).toBe(0);
    const dir = path.join(cwd, 'p');
    const original = stateOf(dir);
    rmSync(path.join(dir, STATE));
    const before = snapshot(dir);
    const result = adopt(dir, '--yes');
    expect(result.stderr).toContain('project name  "Hello, world!" from README.md');
    expect(result.stderr).toContain('✔ It follows the SOP: nothing to fix.');
    expect(result.status, result.stderr).toBe(0);
    expect(stateOf(dir)).toEqual({ ...original, year: new Date().getFullYear() });
    const { [STATE]: _state, ...after } = Object.fromEntries(snapshot(dir));
    expect(after).toEqual(Object.fromEntries(before));
  });
});

describe('adopt refuses', () => {
  it('a project that is already managed, naming update', () => {
    const cwd = tempDir();
    expect(run(createBin, ['Hello', '--yes', '--skip-tests', '--no-git', '-d', 'p'], { cwd }).status).toBe(0);
    const before = snapshot(path.join(cwd, 'p'));
    const result = run(dispatcherBin, ['adopt', 'p', '--yes'], { cwd });
    expect(result.stderr).toContain('is already managed: it has .pacifica-dispatcher.json');
    expect(result.stderr).toContain('pacifica-dispatcher update');
    expect(result.status).toBe(1);
    expect(snapshot(path.join(cwd, 'p'))).toEqual(before);
  });

  it('a directory that is no dispatcher, and leaves no lock in it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'README.md'), 'nothing here\n');
    const result = adopt(dir);
    expect(result.stderr).toContain('is not a Pacifica dispatcher project');
    expect(result.status).toBe(1);
    expect(snapshot(dir)).toEqual(new Map([['README.md', expect.stringMatching(/^file /)]]));
  });

  it('a package without its router, naming it', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'pacifica', 'dispatcher_spectra'), { recursive: true });
    const result = adopt(dir);
    expect(result.stderr).toContain('is not a Pacifica dispatcher: pacifica/dispatcher_spectra/router.py is missing');
    expect(result.status).toBe(1);
  });

  it('routes that share a handler class, which the state file cannot say, naming the fix', () => {
    const dir = exampleLayout();
    const router = 'pacifica/dispatcher_example/router.py';
    writeFile(dir, 'pacifica/dispatcher_example/jsonpath2/thumbnails.txt', '$[?($["eventType"] = "x")]\n');
    writeFile(
      dir,
      router,
      `${read(dir, router)}router.add_route(Path.parse_file(route_file('thumbnails')), ExampleEventHandler())\n`,
    );
    const before = snapshot(dir);
    const result = adopt(dir, '--yes');
    expect(result.stderr).toContain(
      `Routes example and thumbnails of ${router} share the handler class ExampleEventHandler`,
    );
    expect(result.stderr).toContain('`class ThumbnailsEventHandler(ExampleEventHandler)`');
    expect(result.status).toBe(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it('to write anything with --dry-run, and shows the state file it would write', () => {
    const dir = spectraFork();
    const before = snapshot(dir);
    const result = adopt(dir, '--dry-run', '--yes');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('Dry run: adopt would write .pacifica-dispatcher.json, ');
    expect(result.stderr).toContain('removes pacifica/dispatcher_spectra/jsonpath2/example.txt, tests/example_test.py');
    expect(parseState(result.stdout, 'stdout').projectName).toBe('Spectra');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('an interrupted adopt', () => {
  it('writes nothing: Ctrl-C while the fixes are staged leaves the project byte for byte', async () => {
    const dir = spectraFork();
    const before = snapshot(dir);
    const adopting = start(dispatcherBin, ['adopt', dir, '--yes'], {
      cwd: path.dirname(dir),
      env: { PACIFICA_DISPATCHER_TEST_PAUSE: 'stage:100' },
    });
    await waitFor(() => stagingIn(dir).length > 0, 'staging');
    adopting.child.kill('SIGINT');
    const result = await adopting.done;
    expect(result.status).toBe(130);
    expect(result.stderr).toContain('Interrupted. Nothing was left half-written.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('puts back every file a crash mid-commit moved, removed ones too, on the next write', async () => {
    const dir = spectraFork();
    const before = snapshot(dir);
    const adopting = start(dispatcherBin, ['adopt', dir, '--yes'], {
      cwd: path.dirname(dir),
      env: { PACIFICA_DISPATCHER_TEST_PAUSE: 'commit:100' },
    });
    await waitFor(
      () => stagingIn(dir).some((staging) => existsSync(path.join(dir, staging, 'journal.json'))),
      'the commit to start',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    adopting.child.kill('SIGKILL');
    await adopting.done;
    // The next adopt undoes the half-done write first, then adopts the project as it was.
    const result = adopt(dir);
    expect(result.stderr).toMatch(/undid|put back|Undid|Put back/);
    expect(result.stderr).toContain('✔ Wrote .pacifica-dispatcher.json.');
    const { [STATE]: _state, ...now } = Object.fromEntries(snapshot(dir));
    expect(now).toEqual(Object.fromEntries(before));
  });
});

describe('adopt on the real pacifica-dispatcher-example (PACIFICA_DISPATCHER_EXAMPLE)', () => {
  const example = process.env.PACIFICA_DISPATCHER_EXAMPLE;
  // Skipped with a reason, which the summary line repeats.
  beforeEach(({ skip }) => skip(!example, 'PACIFICA_DISPATCHER_EXAMPLE not set'));

  it('adopts a copy of the checkout, and check passes before and after --yes', () => {
    const dir = path.join(tempDir(), 'pacifica-dispatcher-example');
    cpSync(example!, dir, { recursive: true, filter: (source) => path.basename(source) !== '.git' });
    const first = adopt(dir);
    expect(first.stderr).toContain('project name  "Example"');
    expect(first.status, first.stderr).toBe(0);
    expect(stateOf(dir).routes[0]).toMatchObject({ name: 'example', handlerClass: 'ExampleEventHandler' });
    const second = adopt(dir, '--yes');
    expect(second.status, second.stderr).toBe(0);
    expect(read(dir, 'pacifica/dispatcher_example/jsonpath2/example.txt')).not.toBe(EXAMPLE_ROUTE);
    expect(check(dir).status).toBe(0);
    // Then `update` works on it: up to date, nothing changed.
    const before = snapshot(dir);
    const update = run(dispatcherBin, ['update', dir, '--skip-tests'], { cwd: path.dirname(dir) });
    expect(update.status, update.stderr).toBe(0);
    expect(update.stderr).toContain(`Already up to date with create-pacifica-dispatcher ${TOOL_VERSION}`);
    expect(snapshot(dir)).toEqual(before);
  });
});
