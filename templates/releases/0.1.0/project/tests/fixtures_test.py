# -*- coding: utf-8 -*-
"""Integrity of the test fixtures in ``test_files/`` (standard library only).

Each ``test_files/<eventID>/event.json`` is a CloudEvents notification and
``test_files/<eventID>/data/`` holds the files it describes. For every event
this checks the envelope, that there is exactly one ``Transactions._id``,
and that the files in ``data/`` are exactly the ``Files`` items, each with
the size and SHA-1 the event states. Events are discovered when the tests
run, so an event added later is checked too.

Run from this directory::

    python -m unittest fixtures_test.py
"""

import hashlib
import json
import os
import unittest

TEST_FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test_files')
ENVELOPE_STRINGS = ('cloudEventsVersion', 'contentType', 'eventID', 'eventTime', 'eventType', 'source')


def event_dirs():
    """Return the names of the directories in ``test_files/``, sorted."""
    if not os.path.isdir(TEST_FILES):
        return []
    return sorted(name for name in os.listdir(TEST_FILES) if os.path.isdir(os.path.join(TEST_FILES, name)))


def sha1_of(path):
    """Return the hex SHA-1 of the file at ``path``, read in chunks."""
    digest = hashlib.sha1()
    with open(path, mode='rb') as data_file:
        for chunk in iter(lambda: data_file.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def files_on_disk(data_dir):
    """Return the POSIX paths, relative to ``data_dir``, of every file under it."""
    found = set()
    for root, _dirs, names in os.walk(data_dir):
        for name in names:
            relative = os.path.relpath(os.path.join(root, name), data_dir)
            found.add(relative.replace(os.sep, '/'))
    return found


def posix_path(item):
    """Return ``<subdir>/<name>`` (or ``<name>``) of a Files item."""
    subdir = item.get('subdir') or ''
    name = str(item.get('name'))
    return '{}/{}'.format(subdir, name) if subdir else name


class FixturesTestCase(unittest.TestCase):
    """Every fixture event is well formed and its data files match it."""

    def test_there_is_at_least_one_event(self):
        """test_files/ holds at least one event."""
        self.assertTrue(event_dirs(), 'no event directories in {}'.format(TEST_FILES))

    def test_every_event_has_its_envelope_and_one_transaction_id(self):
        """Each event.json has the CloudEvents attributes, a data list and one Transactions._id."""
        for event_id in event_dirs():
            with self.subTest(event=event_id):
                event = self.load(event_id)
                for attribute in ENVELOPE_STRINGS:
                    self.assertIsInstance(event.get(attribute), str, attribute)
                    self.assertTrue(event[attribute], attribute)
                self.assertEqual(event_id, event['eventID'], 'the directory is named after eventID')
                self.assertIsInstance(event.get('data'), list, 'data')
                ids = [item for item in event['data']
                       if isinstance(item, dict) and item.get('destinationTable') == 'Transactions._id']
                self.assertEqual(1, len(ids), 'Transactions._id items')
                self.assertIn('value', ids[0])

    def test_every_described_file_exists_with_its_size_and_sha1(self):
        """Each Files item has its data file, with the stated size and SHA-1."""
        for event_id in event_dirs():
            items = []
            with self.subTest(event=event_id):
                items = self.files(event_id)
            data_dir = os.path.join(TEST_FILES, event_id, 'data')
            for item in items:
                with self.subTest(event=event_id, file=posix_path(item)):
                    self.assertIsInstance(item.get('name'), str, 'name')
                    self.assertTrue(item['name'], 'name')
                    path = os.path.join(data_dir, *posix_path(item).split('/'))
                    self.assertTrue(os.path.isfile(path), 'missing data file {}'.format(path))
                    self.assertEqual('sha1', item.get('hashtype'))
                    self.assertEqual(item.get('size'), os.path.getsize(path), 'size')
                    self.assertEqual(item.get('hashsum'), sha1_of(path), 'hashsum')

    def test_every_data_file_is_described_once(self):
        """No file under data/ is missing from event.json, and none is described twice."""
        for event_id in event_dirs():
            with self.subTest(event=event_id):
                described = [posix_path(item) for item in self.files(event_id)]
                self.assertEqual(len(described), len(set(described)), 'a file is described twice')
                on_disk = files_on_disk(os.path.join(TEST_FILES, event_id, 'data'))
                self.assertEqual(set(), on_disk - set(described), 'files in data/ that event.json does not describe')

    def load(self, event_id):
        """Return the parsed event.json of ``event_id``."""
        path = os.path.join(TEST_FILES, event_id, 'event.json')
        self.assertTrue(os.path.isfile(path), 'missing {}'.format(path))
        with open(path, mode='r', encoding='utf-8') as event_file:
            event = json.load(event_file)
        self.assertIsInstance(event, dict)
        return event

    def files(self, event_id):
        """Return the Files items of ``event_id``'s event."""
        data = self.load(event_id).get('data')
        self.assertIsInstance(data, list)
        return [item for item in data if isinstance(item, dict) and item.get('destinationTable') == 'Files']


if __name__ == '__main__':
    unittest.main()
