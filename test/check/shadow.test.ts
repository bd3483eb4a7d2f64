import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load.js';
import type { ProjectState } from '../../src/project/state.js';
import { dispatcherBin, run } from '../e2e/cli.js';
import { type EventJson, editJson, generatedProject, HELLO, read, runCheck, write } from './helpers.js';

const PACKAGE = 'pacifica/dispatcher_hello_world';
/** The SOP's minimum route: any CloudEvents notification. */
const ANY_EVENT = '$[?(\n  $["eventID"]\n)]\n';

/**
 * Puts a broad route `any_event` before hello_world in router order, with
 * its own fixture event (metadata.ingest.2), as `add route` would.
 */
function withBroadRouteFirst(dir: string): void {
  write(dir, `${PACKAGE}/jsonpath2/any_event.txt`, ANY_EVENT);
  write(
    dir,
    `${PACKAGE}/event_handlers.py`,
    `${read(dir, `${PACKAGE}/event_handlers.py`)}\n\nclass AnyEventEventHandler(EventHandler):\n    pass\n`,
  );
  cpSync(path.join(dir, HELLO.eventDir), path.join(dir, 'tests/test_files/metadata.ingest.2'), { recursive: true });
  editJson<EventJson>(dir, 'tests/test_files/metadata.ingest.2/event.json', (event) => {
    event.eventID = 'metadata.ingest.2';
    // Without hello_world's key-value, only the broad route matches this event.
    event.data = event.data.filter((item) => item.destinationTable !== 'TransactionKeyValue');
  });
  editJson<ProjectState>(dir, '.pacifica-dispatcher.json', (state) => {
    const hello = state.routes[0] as ProjectState['routes'][number];
    state.routes.unshift({ ...hello, name: 'any_event', handlerClass: 'AnyEventEventHandler' });
    state.events.push({ eventId: 'metadata.ingest.2', route: 'any_event' });
  });
}

describe('check routes in router order', () => {
  it('warns that an earlier route shadows a later route for its event, and still exits 0', async () => {
    const dir = generatedProject();
    withBroadRouteFirst(dir);
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      `⚠ ${HELLO.routeFile}: is shadowed for ${HELLO.eventFile}: the earlier route ${PACKAGE}/jsonpath2/any_event.txt also matches it, ` +
        'and the router takes the first match, so HelloWorldEventHandler never runs for it',
    );
    expect(stderr).toContain('✔ pacifica-dispatcher-hello-world: 2 routes, 2 events, no errors, 1 warning');
    expect(code).toBe(0);
  });

  it('does not warn when the routes are in the order that lets each handler run', async () => {
    const dir = generatedProject();
    withBroadRouteFirst(dir);
    editJson<ProjectState>(dir, '.pacifica-dispatcher.json', (state) => {
      state.routes.reverse();
    });
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain('all checks passed');
    expect(code).toBe(0);
  });

  it('warns about a route that no fixture event exercises', async () => {
    const dir = generatedProject();
    withBroadRouteFirst(dir);
    editJson<ProjectState>(dir, '.pacifica-dispatcher.json', (state) => {
      state.events = state.events.filter((event) => event.route !== 'any_event');
    });
    rmSync(path.join(dir, 'tests/test_files/metadata.ingest.2'), { recursive: true });
    const { stderr } = await runCheck(dir);
    expect(stderr).toContain(`⚠ ${PACKAGE}/jsonpath2/any_event.txt: no test event exercises it`);
  });

  it('loads routes in state order with their handler classes and events', async () => {
    const dir = generatedProject();
    withBroadRouteFirst(dir);
    const project = await loadProject(dir);
    expect(project.routes.map((route) => [route.name, route.handlerClass])).toEqual([
      ['any_event', 'AnyEventEventHandler'],
      ['hello_world', 'HelloWorldEventHandler'],
    ]);
    expect(project.events.map((event) => [event.eventId, event.route, event.routeFrom])).toEqual([
      ['metadata.ingest.1', 'hello_world', 'state'],
      ['metadata.ingest.2', 'any_event', 'state'],
    ]);
    expect(project.names.packageDir).toBe(PACKAGE);
  });

  it('passes a project with a route added by add route, with its state file and without it', async () => {
    const dir = generatedProject();
    const added = run(dispatcherBin, ['add', 'route', 'thumbnails', '--mimetype', 'image/png', '-d', dir], {
      cwd: dir,
    });
    expect(added.status, added.stderr).toBe(0);
    expect((await runCheck(dir)).stderr).toBe(
      '✔ pacifica-dispatcher-hello-world: 2 routes, 2 events, all checks passed\n',
    );
    rmSync(path.join(dir, '.pacifica-dispatcher.json'));
    const project = await loadProject(dir);
    expect(project.routes.map((route) => [route.name, route.handlerClass])).toEqual([
      ['hello_world', 'HelloWorldEventHandler'],
      ['thumbnails', 'ThumbnailsEventHandler'],
    ]);
    expect((await runCheck(dir)).stderr).toBe(
      '✔ pacifica-dispatcher-hello-world: 2 routes, 2 events, all checks passed\n',
    );
  });
});
