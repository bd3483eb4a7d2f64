import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_EVENT_TYPE,
  LOOP_BREAKER_KEY,
  PROVENANCE_KEY,
  routeText,
  SOP_SOURCE,
} from '../../src/project/index.js';
import { tempDir } from './tmp.js';

/**
 * A dispatcher made by hand the way the SOP's "Procedure" describes one: the
 * example's names (package `dispatcher_example`, `ExampleEventHandler`,
 * `jsonpath2/example.txt`, `tests/example_test.py`, the event
 * `C234-1234-1234`), a route in the SOP's form, and packaging of upstream's
 * kind (setup.py with name, description and author; Travis and AppVeyor; a
 * LICENSE with no copyright line of the project's own). Every file's text is
 * this test's own: nothing is taken from the example's repository.
 */

/** The route in the SOP's form: the generated one without its loop-breaker clause. */
export const EXAMPLE_ROUTE = routeText(
  {
    name: 'example',
    handlerClass: 'ExampleEventHandler',
    keyValues: [{ key: 'example-key', value: 'example-value' }],
    mimetype: 'text/plain',
    subdir: '',
    eventType: DEFAULT_EVENT_TYPE,
    source: SOP_SOURCE,
    loopBreaker: { key: LOOP_BREAKER_KEY, value: 'pacifica-dispatcher-example' },
    provenanceKey: PROVENANCE_KEY,
  },
  { loopBreaker: false },
);

const ROUTER = `"""The routes of a dispatcher made by hand."""
import os

from jsonpath2.path import Path
from pacifica.dispatcher.router import Router

from .event_handlers import ExampleEventHandler

router = Router()
router.add_route(Path.parse_file(os.path.join(os.path.dirname(__file__), 'jsonpath2', 'example.txt')), ExampleEventHandler())
`;

const HANDLERS = `"""Its one handler, which does nothing yet."""
from cloudevents.model import Event
from pacifica.dispatcher.event_handlers import EventHandler


class ExampleEventHandler(EventHandler):
    def handle(self, event: Event) -> None:
        pass
`;

const TESTS = `"""Its tests, as far as they got."""
import unittest

from pacifica.dispatcher_example.event_handlers import ExampleEventHandler
from pacifica.dispatcher_example.router import router


class ExampleTestCase(unittest.TestCase):
    def test_router_and_handler_import(self) -> None:
        self.assertIsNotNone(router)
        self.assertTrue(ExampleEventHandler)
`;

const SETUP = `"""Packaging of a dispatcher made by hand."""
from setuptools import setup, find_packages

setup(
    name='pacifica-dispatcher-example',
    description='A dispatcher made by hand from the example',
    author='Ada Example',
    author_email='ada@example.org',
    packages=find_packages(),
    entry_points={'console_scripts': ['pacifica-dispatcher-example=pacifica.dispatcher_example.__main__:main']},
)
`;

const TRAVIS = `language: python
script:
- coverage run --include='pacifica/dispatcher_example/*' -m unittest discover tests
- flake8 pacifica/dispatcher_example
`;

const APPVEYOR = `build: off
test_script:
- python -m unittest discover tests
`;

/** A licence that names no copyright holder of the project's own. */
const LICENSE = `Use, copy and change this software under the terms your organisation
agreed with its authors. This file names no copyright holder.
`;

const README = `# Pacifica Dispatcher Example

A dispatcher made by hand from the example, before any tool helped.

    pip install pacifica-dispatcher-example
`;

export const EXAMPLE_EVENT_DIR = 'tests/test_files/C234-1234-1234';
export const DATA = 'counts from the example instrument\n1\n2\n3\n';

/** An event of the SOP's structure, true to the data file the layout has. */
export function exampleEvent(eventId = 'C234-1234-1234'): string {
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
          ctime: '2026-03-04T05:06:07',
          destinationTable: 'Files',
          hashsum: createHash('sha1').update(DATA).digest('hex'),
          hashtype: 'sha1',
          mimetype: 'text/plain',
          mtime: '2026-03-04T05:06:07',
          name: 'counts.txt',
          size: Buffer.byteLength(DATA),
          subdir: '',
        },
      ],
      eventID: eventId,
      eventTime: '2026-03-04T05:07:00Z',
      eventType: DEFAULT_EVENT_TYPE,
      source: SOP_SOURCE,
    },
    null,
    2,
  )}\n`;
}

export function writeFile(dir: string, relative: string, text: string): void {
  const file = path.join(dir, ...relative.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A fresh directory holding the example's layout. */
export function exampleLayout(prefix = 'cpd-example-'): string {
  const dir = tempDir(prefix);
  const files: Record<string, string> = {
    'README.md': README,
    LICENSE,
    'setup.py': SETUP,
    '.travis.yml': TRAVIS,
    'appveyor.yml': APPVEYOR,
    'pacifica/__init__.py': '"""The pacifica namespace."""\n',
    'pacifica/dispatcher_example/__init__.py': '"""A dispatcher made by hand."""\n',
    'pacifica/dispatcher_example/event_handlers.py': HANDLERS,
    'pacifica/dispatcher_example/router.py': ROUTER,
    'pacifica/dispatcher_example/jsonpath2/example.txt': EXAMPLE_ROUTE,
    'tests/example_test.py': TESTS,
    [`${EXAMPLE_EVENT_DIR}/event.json`]: exampleEvent(),
    [`${EXAMPLE_EVENT_DIR}/data/counts.txt`]: DATA,
  };
  for (const [relative, text] of Object.entries(files)) writeFile(dir, relative, text);
  return dir;
}

/**
 * A fork renamed by hand to "Spectra" the way the SOP's step 3 is often
 * half done: the package directory is renamed, and nothing else is.
 */
export function spectraFork(): string {
  const dir = exampleLayout('cpd-spectra-');
  renameSync(path.join(dir, 'pacifica', 'dispatcher_example'), path.join(dir, 'pacifica', 'dispatcher_spectra'));
  return dir;
}
