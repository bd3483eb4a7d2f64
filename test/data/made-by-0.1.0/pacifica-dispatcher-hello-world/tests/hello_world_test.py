# -*- coding: utf-8 -*-
"""Tests for pacifica-dispatcher-hello-world: every fixture event against its route.

For each event in ``test_files/`` (``event.json`` plus its files in ``data/``):
its route file matches it exactly once, the router hands it to that route's
handler, the handler runs on it with local runners, and the same event
carrying the route's loop-breaker key-value does not match.

Run from this directory, after installing the project::

    python -m unittest hello_world_test.py
"""

import copy
import json
import os
import shutil
import tempfile
import typing
import unittest

from cloudevents.model import Event
from jsonpath2.path import Path
from pacifica.dispatcher.downloader_runners import LocalDownloaderRunner
from pacifica.dispatcher.models import Transaction
from pacifica.dispatcher.uploader_runners import LocalUploaderRunner

from pacifica.dispatcher_hello_world import event_handlers

TEST_FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test_files')

# Environment variables pacifica-cli's generate_global_config() reads.
PACIFICA_CLI_VARIABLES = (
    'UPLOAD_URL', 'UPLOAD_STATUS_URL', 'UPLOAD_POLICY_URL', 'UPLOAD_VALIDATION_URL', 'DOWNLOAD_URL',
    'DOWNLOAD_POLICY_URL', 'AUTHENTICATION_TYPE', 'AUTHENTICATION_USERNAME', 'AUTHENTICATION_PASSWORD',
    'AUTHENTICATION_CERT', 'AUTHENTICATION_KEY',
)


def import_router_in_a_temporary_home() -> typing.Any:
    """Import the router module with HOME pointing at an empty temporary directory.

    Importing the router calls pacifica-cli's generate_global_config(), which
    reads ~/.pacifica_cli/config.ini (creating the directory) and environment
    variables, and sets some. The user's own configuration must not change
    what is tested, nor be touched: the environment is restored afterwards.
    """
    saved_environ = dict(os.environ)
    home = tempfile.mkdtemp(prefix='pacifica-cli-home-')
    try:
        for name in PACIFICA_CLI_VARIABLES:
            os.environ.pop(name, None)
        os.environ['HOME'] = home
        os.environ['USERPROFILE'] = home
        from pacifica.dispatcher_hello_world import router as router_module  # pylint: disable=import-outside-toplevel
        return router_module
    finally:
        os.environ.clear()
        os.environ.update(saved_environ)
        shutil.rmtree(home, ignore_errors=True)


router_module = import_router_in_a_temporary_home()


class RecordingUploaderRunner(LocalUploaderRunner):
    """A LocalUploaderRunner that records what each upload holds: its files and key-values."""

    def __init__(self) -> None:
        """Start with no uploads."""
        super().__init__()
        self.uploads = []  # type: typing.List[typing.Tuple[typing.List[str], typing.List[typing.Tuple[str, str]]]]

    def upload(self, basedir_name: str, transaction: typing.Any = None,
               transaction_key_values: typing.Any = None, timeout: int = 180) -> typing.Any:
        """Record the upload, then build its bundle as LocalUploaderRunner does."""
        files = sorted(
            os.path.relpath(os.path.join(root, name), basedir_name)
            for root, _, names in os.walk(basedir_name) for name in names
        )
        key_values = [(key_value.key, key_value.value) for key_value in transaction_key_values or []]
        self.uploads.append((files, key_values))
        return super().upload(basedir_name, transaction=transaction,
                              transaction_key_values=transaction_key_values, timeout=timeout)


def load_event(event_id: str) -> typing.Dict[str, typing.Any]:
    """Return the parsed ``test_files/<event_id>/event.json``."""
    with open(os.path.join(TEST_FILES, event_id, 'event.json'), mode='r', encoding='utf-8') as event_file:
        return json.load(event_file)


def with_loop_breaker(event_data: typing.Dict[str, typing.Any], handler_class: type) -> typing.Dict[str, typing.Any]:
    """Return a copy of the event as the handler's own upload would look: with its loop-breaker key-value."""
    marked = copy.deepcopy(event_data)
    marked['data'].append({
        'destinationTable': 'TransactionKeyValue',
        'key': handler_class.LOOP_BREAKER_KEY,
        'value': handler_class.LOOP_BREAKER_VALUE,
    })
    return marked


class HelloWorldTestCase(unittest.TestCase):
    """Each fixture event: its route matches once, the router picks its handler, the handler runs."""

    def check_route_file_matches_once(self, event_id: str, route_name: str) -> None:
        """The installed route file matches the event's root exactly once."""
        path = Path.parse_file(router_module.route_file(route_name))
        self.assertEqual(1, len(list(path.match(load_event(event_id)))))

    def check_router_picks(self, event_id: str, handler_class: type) -> None:
        """The router matches the event and its first match is the route's handler."""
        event_data = load_event(event_id)
        self.assertGreaterEqual(len(list(router_module.router.match(event_data))), 1)
        route = router_module.router.match_first_or_raise(event_data)
        self.assertIs(type(route.event_handler), handler_class)

    def check_handler_runs(self, event_id: str, handler_class: type) -> None:
        """The handler handles the event with local runners and uploads once, marked as its own output."""
        downloader_runner = LocalDownloaderRunner(os.path.join(TEST_FILES, event_id, 'data'))
        uploader_runner = RecordingUploaderRunner()
        handler = handler_class(downloader_runner, uploader_runner)
        self.assertIsNone(handler.handle(Event(load_event(event_id))))
        self.assertEqual(1, len(uploader_runner.uploads), 'the handler should upload its results once')
        files, key_values = uploader_runner.uploads[0]
        self.assertTrue(files, 'the upload should contain files')
        self.assertIn((handler_class.LOOP_BREAKER_KEY, handler_class.LOOP_BREAKER_VALUE), key_values)

    def check_own_output_does_not_match(self, event_id: str, route_name: str, handler_class: type) -> None:
        """The event, marked with the handler's loop-breaker, does not match the route."""
        path = Path.parse_file(router_module.route_file(route_name))
        marked = with_loop_breaker(load_event(event_id), handler_class)
        self.assertEqual(0, len(list(path.match(marked))))

    def check_upload_metadata(self, event_id: str, handler_class: type) -> None:
        """The upload's metadata has no _id, only truthy values, provenance and the loop-breaker."""
        handler = handler_class(None, None)
        source = Transaction.from_cloudevents_model(Event(load_event(event_id)))
        transaction = handler.new_transaction(source)
        key_values = handler.new_key_values(source)
        self.assertIsNone(transaction._id)  # pylint: disable=protected-access
        for name in ('submitter', 'instrument', 'project'):
            value = getattr(transaction, name)
            self.assertTrue(value is None or (isinstance(value, str) and value), name)
        pairs = [(key_value.key, key_value.value) for key_value in key_values]
        self.assertTrue(all(key and value for key, value in pairs), pairs)
        self.assertIn((handler_class.PROVENANCE_KEY, str(source._id)), pairs)  # pylint: disable=protected-access
        self.assertIn((handler_class.LOOP_BREAKER_KEY, handler_class.LOOP_BREAKER_VALUE), pairs)

    # Event 'metadata.ingest.1', route 'hello_world'.

    def test_metadata_ingest_1_matches_route_hello_world_once(self) -> None:
        self.check_route_file_matches_once('metadata.ingest.1', 'hello_world')

    def test_metadata_ingest_1_router_picks_HelloWorldEventHandler(self) -> None:
        self.check_router_picks('metadata.ingest.1', event_handlers.HelloWorldEventHandler)

    def test_metadata_ingest_1_handler_runs(self) -> None:
        self.check_handler_runs('metadata.ingest.1', event_handlers.HelloWorldEventHandler)

    def test_metadata_ingest_1_with_loop_breaker_does_not_match(self) -> None:
        self.check_own_output_does_not_match(
            'metadata.ingest.1',
            'hello_world',
            event_handlers.HelloWorldEventHandler,
        )

    def test_metadata_ingest_1_upload_metadata(self) -> None:
        self.check_upload_metadata('metadata.ingest.1', event_handlers.HelloWorldEventHandler)

    # Event 'metadata.ingest.2', route 'thumbnails'.

    def test_metadata_ingest_2_matches_route_thumbnails_once(self) -> None:
        self.check_route_file_matches_once('metadata.ingest.2', 'thumbnails')

    def test_metadata_ingest_2_router_picks_ThumbnailsEventHandler(self) -> None:
        self.check_router_picks('metadata.ingest.2', event_handlers.ThumbnailsEventHandler)

    def test_metadata_ingest_2_handler_runs(self) -> None:
        self.check_handler_runs('metadata.ingest.2', event_handlers.ThumbnailsEventHandler)

    def test_metadata_ingest_2_with_loop_breaker_does_not_match(self) -> None:
        self.check_own_output_does_not_match(
            'metadata.ingest.2',
            'thumbnails',
            event_handlers.ThumbnailsEventHandler,
        )

    def test_metadata_ingest_2_upload_metadata(self) -> None:
        self.check_upload_metadata('metadata.ingest.2', event_handlers.ThumbnailsEventHandler)

    # Event 'metadata.ingest.3', route 'hello_world'.

    def test_metadata_ingest_3_matches_route_hello_world_once(self) -> None:
        self.check_route_file_matches_once('metadata.ingest.3', 'hello_world')

    def test_metadata_ingest_3_router_picks_HelloWorldEventHandler(self) -> None:
        self.check_router_picks('metadata.ingest.3', event_handlers.HelloWorldEventHandler)

    def test_metadata_ingest_3_handler_runs(self) -> None:
        self.check_handler_runs('metadata.ingest.3', event_handlers.HelloWorldEventHandler)

    def test_metadata_ingest_3_with_loop_breaker_does_not_match(self) -> None:
        self.check_own_output_does_not_match(
            'metadata.ingest.3',
            'hello_world',
            event_handlers.HelloWorldEventHandler,
        )

    def test_metadata_ingest_3_upload_metadata(self) -> None:
        self.check_upload_metadata('metadata.ingest.3', event_handlers.HelloWorldEventHandler)


if __name__ == '__main__':
    unittest.main()
