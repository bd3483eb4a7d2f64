import { createHash } from 'node:crypto';
import { cpSync, renameSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProject, routerRoutes } from '../../src/project/load.js';
import { EXAMPLE_ROUTE } from '../helpers/example-layout.js';
import { tempDir } from '../helpers/tmp.js';
import { runCheck, write } from './helpers.js';

/**
 * The layout of pacifica-dispatcher-example, written by the test itself
 * from the SOP's text (no upstream file is copied): no state file, one
 * route file, the SOP's class names and its one event.
 */

const ROUTE = EXAMPLE_ROUTE;

const ROUTER = `import os

from jsonpath2.path import Path
from pacifica.dispatcher.router import Router

from .event_handlers import ExampleEventHandler

router = Router()

router.add_route(Path.parse_file(os.path.join(os.path.dirname(__file__), 'jsonpath2', 'example.txt')), ExampleEventHandler())
`;

const HANDLERS = `from cloudevents.model import Event
from pacifica.dispatcher.event_handlers import EventHandler


class ExampleEventHandler(EventHandler):
    def handle(self, event: Event) -> None:
        pass
`;

const TESTS = `import unittest

from pacifica.dispatcher_example.router import router


class ExampleTestCase(unittest.TestCase):
    def test_router(self):
        pass
`;

/** The SOP's event, with the size and hashsum given (the SOP's own: 614, 4b5e3e…). */
function sopEvent(size: number, hashsum: string): string {
  return `${JSON.stringify(
    {
      cloudEventsVersion: '0.1',
      contentType: 'application/json',
      data: [
        { destinationTable: 'Transactions._id', value: -1 },
        { destinationTable: 'Transactions.submitter', value: -1 },
        { destinationTable: 'Transactions.project', value: -1 },
        { destinationTable: 'Transactions.instrument', value: -1 },
        { destinationTable: 'TransactionKeyValue', key: 'example-key', value: 'example-value' },
        {
          _id: 1,
          ctime: 'Thu Aug 30 15:19:40 PST 2018',
          destinationTable: 'Files',
          hashsum,
          hashtype: 'sha1',
          mimetype: 'text/plain',
          mtime: 'Thu Aug 30 15:19:40 PST 2018',
          name: 'lipsum.txt',
          size,
          subdir: '',
        },
      ],
      eventID: 'C234-1234-1234',
      eventTime: '2018-08-30T15:20:00Z',
      eventType: 'org.pacifica.metadata.ingest',
      source: '/pacifica/metadata/ingest',
    },
    null,
    2,
  )}\n`;
}

const LIPSUM = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n';
const EVENT_DIR = 'tests/test_files/C234-1234-1234';

function exampleLayout(event: string): string {
  const dir = tempDir('cpd-check-example-');
  write(
    dir,
    'README.md',
    '# Pacifica Dispatcher Example\n\n    pip install pacifica-dispatcher-example\n    python3 -m unittest example_test.py\n',
  );
  write(
    dir,
    'setup.py',
    "from setuptools import setup\n\nsetup(name='pacifica-dispatcher-example', packages=['pacifica.dispatcher_example'])\n",
  );
  write(dir, 'pacifica/dispatcher_example/__init__.py', '"""The Pacifica Dispatcher Example."""\n');
  write(dir, 'pacifica/dispatcher_example/event_handlers.py', HANDLERS);
  write(dir, 'pacifica/dispatcher_example/router.py', ROUTER);
  write(dir, 'pacifica/dispatcher_example/jsonpath2/example.txt', ROUTE);
  write(dir, 'tests/example_test.py', TESTS);
  write(dir, `${EVENT_DIR}/event.json`, event);
  write(dir, `${EVENT_DIR}/data/lipsum.txt`, LIPSUM);
  return dir;
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

describe('check on the layout of pacifica-dispatcher-example (no state file)', () => {
  it('passes when the fixture is true to its data', async () => {
    const dir = exampleLayout(sopEvent(Buffer.byteLength(LIPSUM), sha1(LIPSUM)));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toBe('✔ pacifica-dispatcher-example: 1 route, 1 event, all checks passed\n');
    expect(code).toBe(0);
  });

  it("reports the SOP event's size and hashsum when the data differs from the SOP's", async () => {
    const dir = exampleLayout(sopEvent(614, '4b5e3e59af149a058366bed86b05500c0acd34e0'));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      `✖ ${EVENT_DIR}/data/lipsum.txt: size ${Buffer.byteLength(LIPSUM)} differs from event.json (614)`,
    );
    expect(stderr).toContain(
      `✖ ${EVENT_DIR}/data/lipsum.txt: sha1 ${sha1(LIPSUM)} differs from event.json (4b5e3e59af149a058366bed86b05500c0acd34e0)`,
    );
    expect(stderr).toContain('✖ pacifica-dispatcher-example: 2 errors, 0 warnings');
    expect(code).toBe(1);
  });

  it('infers the names, the route and the event pairing from the layout', async () => {
    const dir = exampleLayout(sopEvent(1, sha1('')));
    const project = await loadProject(dir);
    expect(project.state).toBeUndefined();
    expect([project.names.repository, project.packageDir, project.names.handlerClass]).toEqual([
      'pacifica-dispatcher-example',
      'pacifica/dispatcher_example',
      'ExampleEventHandler',
    ]);
    expect(project.routes.map((route) => [route.name, route.handlerClass])).toEqual([
      ['example', 'ExampleEventHandler'],
    ]);
    expect(project.events.map((event) => [event.eventId, event.route, event.routeFrom])).toEqual([
      ['C234-1234-1234', 'example', 'only-route'],
    ]);
  });

  it('takes router order from router.py and pairs each event with the first route that matches it', async () => {
    const dir = exampleLayout(sopEvent(Buffer.byteLength(LIPSUM), sha1(LIPSUM)));
    write(dir, 'pacifica/dispatcher_example/jsonpath2/another.txt', '$[?($["source"] = "elsewhere")]\n');
    write(
      dir,
      'pacifica/dispatcher_example/router.py',
      ROUTER.replace(
        "router.add_route(Path.parse_file(os.path.join(os.path.dirname(__file__), 'jsonpath2', 'example.txt')), ExampleEventHandler())",
        "router.add_route(Path.parse_file(route_file('another')), ExampleOtherEventHandler())\n" +
          "router.add_route(Path.parse_file(os.path.join(os.path.dirname(__file__), 'jsonpath2', 'example.txt')), ExampleEventHandler())",
      ),
    );
    const project = await loadProject(dir);
    expect(project.routes.map((route) => route.name)).toEqual(['another', 'example']);
    expect(project.events.map((event) => [event.route, event.routeFrom])).toEqual([['example', 'match']]);
  });

  it('reports an event that no route matches when there are several routes', async () => {
    const dir = exampleLayout(sopEvent(Buffer.byteLength(LIPSUM), sha1(LIPSUM)));
    write(dir, 'pacifica/dispatcher_example/jsonpath2/example.txt', ROUTE.replace('"example-value"', '"other-value"'));
    write(dir, 'pacifica/dispatcher_example/jsonpath2/zz_second.txt', '$[?($["source"] = "elsewhere")]\n');
    write(
      dir,
      'pacifica/dispatcher_example/router.py',
      `${ROUTER}router.add_route(Path.parse_file(route_file('zz_second')), ExampleEventHandler())\n`,
    );
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(`✖ ${EVENT_DIR}/event.json: no route matches it, so the router would drop this event:`);
    expect(stderr).toContain('example.txt matches tests/test_files/C234-1234-1234/event.json 0 times: clause 1');
    expect(code).toBe(1);
  });

  it("flags the example's names left in a copy renamed to another project", async () => {
    const dir = exampleLayout(sopEvent(Buffer.byteLength(LIPSUM), sha1(LIPSUM)));
    const renamed = tempDir('cpd-check-copy-');
    cpSync(dir, renamed, { recursive: true });
    renameSync(`${renamed}/pacifica/dispatcher_example`, `${renamed}/pacifica/dispatcher_spectra`);
    const { code, stderr } = await runCheck(renamed);
    expect(stderr).toContain(
      '✖ pacifica/dispatcher_spectra/event_handlers.py: does not define class SpectraEventHandler',
    );
    expect(stderr).toContain('✖ tests/spectra_test.py: missing');
    expect(stderr).toContain('✖ pacifica/dispatcher_spectra/jsonpath2: has no route file spectra.txt');
    expect(stderr).toMatch(
      /⚠ README\.md:3:17: "pacifica-dispatcher-example" names another project .*this project is pacifica-dispatcher-spectra/,
    );
    expect(stderr).toMatch(/✖ setup\.py:3:\d+: "dispatcher_example" names another project/);
    expect(stderr).toMatch(/✖ tests\/example_test\.py:6:7: "ExampleTestCase" names another project/);
    expect(code).toBe(1);
  });

  it('refuses a directory that is not a dispatcher project', async () => {
    const dir = tempDir();
    write(dir, 'README.md', 'nothing here\n');
    await expect(runCheck(dir)).rejects.toThrow(/is not a Pacifica dispatcher project/);
  });

  it('parses add_route calls of hand-written routers', () => {
    expect(routerRoutes(ROUTER)).toEqual([{ name: 'example', handlerClass: 'ExampleEventHandler' }]);
    expect(
      routerRoutes(
        "router.add_route(\n    Path.parse_file(route_file('hello_world')),\n    HelloWorldEventHandler(a, b),\n)",
      ),
    ).toEqual([{ name: 'hello_world', handlerClass: 'HelloWorldEventHandler' }]);
  });
});

describe('check on a hand-written router', () => {
  it('reports a route file that router.py reads but that does not exist', async () => {
    const dir = exampleLayout(sopEvent(Buffer.byteLength(LIPSUM), sha1(LIPSUM)));
    write(
      dir,
      'pacifica/dispatcher_example/router.py',
      `${ROUTER}router.add_route(Path.parse_file(route_file('gone')), ExampleEventHandler())\n`,
    );
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      '✖ pacifica/dispatcher_example/jsonpath2/gone.txt: missing: pacifica/dispatcher_example/router.py routes events to it',
    );
    expect(code).toBe(1);
  });
});
