import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './tmp.js';

/**
 * The layout of pacifica-dispatcher-example as the SOP describes it (its
 * "Procedure" lists the files and names; its JSONPath and event are quoted
 * in it), written by the test itself: no upstream file is copied. The
 * packaging is upstream's kind (setup.py with name, description and author;
 * Travis and AppVeyor; an LGPL LICENSE whose only copyright line is the
 * FSF's), and the code names the example everywhere the SOP says to
 * substitute names.
 */

export const EXAMPLE_ROUTE = `$[?(
  $["data"][*][?(
    @["destinationTable"] = "TransactionKeyValue"
      and
    @["key"] = "example-key"
      and
    @["value"] = "example-value"
  )]
    and
  $["data"][*][?(
    @["destinationTable"] = "Files"
      and
    @["mimetype"] = "text/plain"
      and
    @["subdir"] = ""
  )]
    and
  $["eventID"]
    and
  $["eventType"] = "org.pacifica.metadata.ingest"
    and
  $["source"] = "/pacifica/metadata/ingest"
)]
`;

const header = (file: string): string =>
  `#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n#\n# pacifica-dispatcher-example: ${file}\n#\n# Copyright (c) 2019, Battelle Memorial Institute\n# All rights reserved.\n`;

const ROUTER = `${header('pacifica/dispatcher_example/router.py')}"""Router for Pacifica Dispatcher Example."""
import os

from jsonpath2.path import Path
from pacifica.dispatcher.router import Router

from .event_handlers import ExampleEventHandler

router = Router()

router.add_route(Path.parse_file(os.path.join(os.path.dirname(__file__), 'jsonpath2', 'example.txt')), ExampleEventHandler())

__all__ = ('router', )
`;

const HANDLERS = `${header('pacifica/dispatcher_example/event_handlers.py')}"""Event handlers for Pacifica Dispatcher Example."""
from cloudevents.model import Event
from pacifica.dispatcher.event_handlers import EventHandler


class ExampleEventHandler(EventHandler):
    """Example event handler."""

    def handle(self, event: Event) -> None:
        pass
`;

const TESTS = `${header('tests/example_test.py')}"""Test cases for Pacifica Dispatcher Example."""
import os
import unittest

from pacifica.dispatcher_example.event_handlers import ExampleEventHandler
from pacifica.dispatcher_example.router import router


class ExampleTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.basedir_name = os.path.abspath(os.path.join('test_files', 'C234-1234-1234'))

    def test_example_event_handler(self) -> None:
        self.assertIsInstance(router, object)
        self.assertTrue(ExampleEventHandler)
`;

const SETUP = `${header('setup.py')}"""Setuptools module."""
from setuptools import setup, find_packages

setup(
    name='pacifica-dispatcher-example',
    description='An example Pacifica Dispatcher',
    url='https://github.com/pacifica/pacifica-dispatcher-example/',
    author='Mark Borkum',
    author_email='mark.borkum@pnnl.gov',
    packages=find_packages(),
    entry_points={
        'console_scripts': [
            'pacifica-dispatcher-example=pacifica.dispatcher_example.__main__:main',
        ],
    },
)
`;

const TRAVIS = `language: python
python: 3.6
script:
- coverage run --include='pacifica/dispatcher_example/*' -m pytest -v
- pylint pacifica/dispatcher_example
`;

const APPVEYOR = `build: off
test_script:
- coverage run --include='pacifica/dispatcher_example/*' -m pytest -v
`;

const LICENSE = `                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.
`;

const README = `# Pacifica Dispatcher Example

This package provides an example implementation of a Pacifica Dispatcher.

    pip install pacifica-dispatcher-example
    cd tests && python3 -m unittest example_test.py
`;

export const EXAMPLE_EVENT_DIR = 'tests/test_files/C234-1234-1234';
export const LIPSUM = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n';

/** The SOP's event, true to the data file the layout has. */
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
          ctime: 'Thu Aug 30 15:19:40 PST 2018',
          destinationTable: 'Files',
          hashsum: createHash('sha1').update(LIPSUM).digest('hex'),
          hashtype: 'sha1',
          mimetype: 'text/plain',
          mtime: 'Thu Aug 30 15:19:40 PST 2018',
          name: 'lipsum.txt',
          size: Buffer.byteLength(LIPSUM),
          subdir: '',
        },
      ],
      eventID: eventId,
      eventTime: '2018-08-30T15:20:00Z',
      eventType: 'org.pacifica.metadata.ingest',
      source: '/pacifica/metadata/ingest',
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
    'pacifica/__init__.py': `${header('pacifica/__init__.py')}"""Pacifica namespace."""\n`,
    'pacifica/dispatcher_example/__init__.py': `${header('pacifica/dispatcher_example/__init__.py')}"""The Pacifica Dispatcher Example."""\n`,
    'pacifica/dispatcher_example/event_handlers.py': HANDLERS,
    'pacifica/dispatcher_example/router.py': ROUTER,
    'pacifica/dispatcher_example/jsonpath2/example.txt': EXAMPLE_ROUTE,
    'tests/example_test.py': TESTS,
    [`${EXAMPLE_EVENT_DIR}/event.json`]: exampleEvent(),
    [`${EXAMPLE_EVENT_DIR}/data/lipsum.txt`]: LIPSUM,
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
