# -*- coding: utf-8 -*-
"""Tests for pacifica-dispatcher-hello-world as a service: ``__main__.py`` wired up.

The WSGI ``application`` runs in a child process configured only through
its environment, as in a deployment: a temporary SQLite database, Celery in
eager mode (``DISPATCHER_EAGER=1``: no broker, each event is handled in the
request that receives it), and stand-in Pacifica Cartd and Ingest servers
on 127.0.0.1 (``pacifica_stand_ins.py``). The tests post the project's own
fixture events over HTTP and check what a user would see: the task status,
the stored error, and what was uploaded. Standard library only.

Run from this directory, after installing the project::

    python -m unittest service_test.py
"""

import copy
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import typing
import unittest
import urllib.error
import urllib.request

import pacifica_stand_ins
from pacifica.dispatcher_hello_world import event_handlers

TEST_FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test_files')

#: Each fixture event and the handler its route calls.
EVENTS = (
    ('metadata.ingest.1', event_handlers.HelloWorldEventHandler),
    ('metadata.ingest.2', event_handlers.ThumbnailsEventHandler),
    ('metadata.ingest.3', event_handlers.HelloWorldEventHandler),
)

# Environment variables pacifica-cli's generate_global_config() reads.
PACIFICA_CLI_VARIABLES = (
    'UPLOAD_URL', 'UPLOAD_STATUS_URL', 'UPLOAD_POLICY_URL', 'UPLOAD_VALIDATION_URL', 'DOWNLOAD_URL',
    'DOWNLOAD_POLICY_URL', 'AUTHENTICATION_TYPE', 'AUTHENTICATION_USERNAME', 'AUTHENTICATION_PASSWORD',
    'AUTHENTICATION_CERT', 'AUTHENTICATION_KEY',
)

# The child process: the WSGI application in wsgiref's server on a free port.
SERVE = '''
import wsgiref.simple_server
from pacifica.dispatcher_hello_world.__main__ import application

class QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass

server = wsgiref.simple_server.make_server('127.0.0.1', 0, application, handler_class=QuietHandler)
print(server.server_port, flush=True)
server.serve_forever()
'''
START_SECONDS = 120
REQUEST_SECONDS = 120


def load_event(event_id: str) -> typing.Dict[str, typing.Any]:
    """Return the parsed ``test_files/<event_id>/event.json``."""
    with open(os.path.join(TEST_FILES, event_id, 'event.json'), mode='r', encoding='utf-8') as event_file:
        return json.load(event_file)


def free_port() -> int:
    """A port nothing listens on (bound, then released): a server that is down."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Service:
    """The application in a child process, with its own home, database and Pacifica endpoints."""

    def __init__(self, workdir: str, download_url: str, ingest_url: str) -> None:
        self.workdir = workdir
        os.makedirs(workdir)
        env = {name: value for name, value in os.environ.items() if name not in PACIFICA_CLI_VARIABLES}
        env.update({
            'DATABASE_URL': 'sqlite:///' + os.path.join(workdir, 'db.sqlite3').replace(os.sep, '/'),
            'DISPATCHER_EAGER': '1',
            'DOWNLOAD_URL': download_url,
            'UPLOAD_URL': ingest_url + '/upload',
            'UPLOAD_STATUS_URL': ingest_url + '/get_state',
            'AUTHENTICATION_TYPE': 'None',
            'HOME': workdir,
            'USERPROFILE': workdir,
        })
        self.stderr = open(os.path.join(workdir, 'stderr.txt'), mode='w+', encoding='utf-8')
        # cwd: pacifica-cli would read a ./config.ini.
        self.process = subprocess.Popen([sys.executable, '-c', SERVE], cwd=workdir, env=env,
                                        stdout=subprocess.PIPE, stderr=self.stderr, universal_newlines=True)
        lines = queue.Queue()  # type: queue.Queue
        threading.Thread(target=lambda: lines.put(self.process.stdout.readline()), daemon=True).start()
        try:
            port = lines.get(timeout=START_SECONDS).strip()
        except queue.Empty:
            port = ''
        if not port.isdigit():
            self.stop()
            raise AssertionError('the application did not start:\n' + self.output())
        self.url = 'http://127.0.0.1:' + port

    def output(self) -> str:
        """What the child wrote on stderr."""
        self.stderr.seek(0)
        return self.stderr.read()

    def stop(self) -> None:
        """Stop the child and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.stderr.close()

    def request(self, method: str, path: str, body: typing.Optional[bytes] = None) -> typing.Tuple[int, bytes]:
        """Send one request; return the status and body, whatever the status."""
        request = urllib.request.Request(self.url + path, data=body, method=method,
                                         headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read()

    def post_event(self, event: typing.Any) -> typing.Dict[str, typing.Any]:
        """POST ``event`` to /receive; return its task as GET /get/<task id> shows it."""
        status, body = self.request('POST', '/receive', json.dumps(event).encode('utf-8'))
        if status != 200:
            raise AssertionError('POST /receive answered {}: {!r}\n{}'.format(status, body, self.output()))
        task_id = json.loads(body.decode('utf-8'))
        status, body = self.request('GET', '/get/' + task_id)
        if status != 200:
            raise AssertionError('GET /get/{} answered {}: {!r}'.format(task_id, status, body))
        return json.loads(body.decode('utf-8'))


class ServiceTests(unittest.TestCase):
    """The fixture events through the web application, the Celery task, the router and the handlers."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.workdir = tempfile.mkdtemp(prefix='dispatcher-service-test-')
        data_dirs = [os.path.join(TEST_FILES, event_id, 'data') for event_id, _ in EVENTS]
        cls.cartd = pacifica_stand_ins.Cartd(data_dirs).__enter__()
        cls.ingest = pacifica_stand_ins.Ingest().__enter__()
        cls.services = []  # type: typing.List[Service]
        try:
            cls.service = cls.start(os.path.join(cls.workdir, 'up'), cls.cartd.url)
            cls.down_port = free_port()
            down_url = 'http://127.0.0.1:{}'.format(cls.down_port)
            cls.cartd_down = cls.start(os.path.join(cls.workdir, 'cartd-down'), down_url)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start(cls, workdir: str, download_url: str) -> Service:
        service = Service(workdir, download_url, cls.ingest.url)
        cls.services.append(service)
        return service

    @classmethod
    def tearDownClass(cls) -> None:
        for service in cls.services:
            service.stop()
        cls.cartd.__exit__(None, None, None)
        cls.ingest.__exit__(None, None, None)
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def test_each_fixture_event_is_handled_and_its_results_uploaded(self) -> None:
        for event_id, handler_class in EVENTS:
            with self.subTest(event_id=event_id):
                before = len(self.ingest.uploads)
                event = load_event(event_id)
                task = self.service.post_event(event)
                self.assertEqual('200 OK', task['taskStatus'], task['exceptionValue'])
                self.assertEqual(event['eventID'], task['eventID'])
                uploads = self.ingest.uploads[before:]
                self.assertEqual(1, len(uploads), 'one upload per event')
                files = uploads[0]['files']
                self.assertTrue(files, 'the upload has files')
                self.assertTrue(all(name.startswith('data/') for name in files), sorted(files))
                pairs = pacifica_stand_ins.key_values(uploads[0])
                self.assertIn((handler_class.LOOP_BREAKER_KEY, handler_class.LOOP_BREAKER_VALUE), pairs)
                transaction_ids = [item['value'] for item in event['data']
                                   if item.get('destinationTable') == 'Transactions._id']
                self.assertIn((handler_class.PROVENANCE_KEY, str(transaction_ids[0])), pairs)

    def test_an_event_carrying_the_loop_breaker_is_stored_as_422(self) -> None:
        for event_id, handler_class in EVENTS:
            with self.subTest(event_id=event_id):
                before = len(self.ingest.uploads)
                marked = copy.deepcopy(load_event(event_id))
                marked['data'].append({
                    'destinationTable': 'TransactionKeyValue',
                    'key': handler_class.LOOP_BREAKER_KEY,
                    'value': handler_class.LOOP_BREAKER_VALUE,
                })
                task = self.service.post_event(marked)
                self.assertEqual('422 Unprocessable Entity', task['taskStatus'])
                self.assertEqual('RouteNotFoundRouterError', task['exceptionType'])
                self.assertEqual(before, len(self.ingest.uploads), 'nothing is uploaded')

    def test_when_cartd_is_down_the_task_stores_a_5xx_with_the_whole_error(self) -> None:
        event_id, _ = EVENTS[0]
        task = self.cartd_down.post_event(load_event(event_id))
        self.assertTrue(task['taskStatus'].startswith('5'), task['taskStatus'])
        self.assertEqual('ConnectionError', task['exceptionType'])
        # Errors like this one are longer than upstream's 255-character column.
        self.assertGreater(len(task['exceptionValue']), 255, task['exceptionValue'])
        self.assertIn(str(self.down_port), task['exceptionValue'])

    def test_a_body_that_is_not_json_is_refused_with_a_4xx_and_no_traceback(self) -> None:
        status, body = self.service.request('POST', '/receive', b'{"eventID": ')
        self.assertGreaterEqual(status, 400)
        self.assertLess(status, 500)
        self.assertNotIn(b'Traceback', body)

    def test_a_json_body_that_is_not_an_object_is_refused_with_422(self) -> None:
        status, body = self.service.request('POST', '/receive', b'["not", "an", "event"]')
        self.assertEqual(422, status, body)
        self.assertNotIn(b'Traceback', body)

    def test_health_reports_the_database_and_no_broker_in_eager_mode(self) -> None:
        status, body = self.service.request('GET', '/health')
        self.assertEqual(200, status, body)
        report = json.loads(body.decode('utf-8'))
        self.assertEqual('ok', report['database'])
        self.assertTrue(report['broker'].startswith('not used'), report)


if __name__ == '__main__':
    unittest.main()
