# -*- coding: utf-8 -*-
"""Stand-in Pacifica Cartd and Ingest servers, standard library only.

They speak just enough of each API for the dispatcher's remote runners:

- Cartd: ``POST /<cart>`` (JSON ``fileids``) answers 201; ``HEAD /<cart>``
  answers 204 with ``X-Pacifica-Status: ready``; ``GET /<cart>?filename=data``
  streams a tar of ``data/<path>`` for each file, read from the first data
  directory that has it.
- Ingest: ``POST /upload`` (a bundle: a tar of ``data/...`` files and
  ``metadata.txt``) answers ``{"job_id": N}`` and keeps the bundle;
  ``GET /get_state?job_id=N`` answers that it is ingested; ``GET /uploads``
  lists what was uploaded (files and metadata), for tests to inspect.

Used by service_test.py; also runnable, for trying the service by hand::

    python pacifica_stand_ins.py test_files/<eventID>/data

prints ``{"cartd": URL, "ingest": URL}`` on one line and serves until it is
interrupted (Ctrl-C) or terminated.
"""

import http.server
import io
import json
import os
import sys
import tarfile
import threading
import time
import typing
import urllib.parse


class _Handler(http.server.BaseHTTPRequestHandler):
    """Dispatches each request to ``server.stand_in`` (quietly: no access log)."""

    def log_message(self, format: str, *args: typing.Any) -> None:  # pylint: disable=redefined-builtin
        """Keep test output clean."""

    def _answer(self, status: int, body: bytes = b'', headers: typing.Optional[typing.Dict[str, str]] = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get('Content-Length') or 0))

    def do_POST(self) -> None:  # pylint: disable=invalid-name
        """Create a cart, or receive an upload."""
        self._answer(*self.server.stand_in.post(self.path, self._body()))  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # pylint: disable=invalid-name
        """Download a cart, report an upload's state, or list uploads."""
        self._answer(*self.server.stand_in.get(self.path))  # type: ignore[attr-defined]

    def do_HEAD(self) -> None:  # pylint: disable=invalid-name
        """Report a cart as ready."""
        self._answer(*self.server.stand_in.get(self.path))  # type: ignore[attr-defined]


Answer = typing.Tuple[int, bytes, typing.Dict[str, str]]


def _json(status: int, value: typing.Any) -> Answer:
    return status, json.dumps(value).encode('utf-8'), {'Content-Type': 'application/json'}


class StandIn:
    """One HTTP server on 127.0.0.1 (a free port), served from a daemon thread."""

    def __init__(self) -> None:
        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
        self.server.stand_in = self  # type: ignore[attr-defined]
        self.url = 'http://127.0.0.1:{}'.format(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> 'StandIn':
        self.thread.start()
        return self

    def __exit__(self, *_exc: typing.Any) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def post(self, path: str, body: bytes) -> Answer:  # pylint: disable=unused-argument
        return _json(404, {'error': 'not found'})

    def get(self, path: str) -> Answer:  # pylint: disable=unused-argument
        return _json(404, {'error': 'not found'})


class Cartd(StandIn):
    """Carts of files found under ``data_dirs``."""

    def __init__(self, data_dirs: typing.Sequence[str]) -> None:
        super().__init__()
        self.data_dirs = list(data_dirs)
        self.carts = {}  # type: typing.Dict[str, typing.List[str]]

    def post(self, path: str, body: bytes) -> Answer:
        file_ids = json.loads(body.decode('utf-8'))['fileids']
        self.carts[urllib.parse.urlsplit(path).path] = [item['path'] for item in file_ids]
        return 201, b'', {}

    def get(self, path: str) -> Answer:
        parts = urllib.parse.urlsplit(path)
        if parts.path not in self.carts:
            return _json(404, {'error': 'no such cart'})
        if 'filename' not in urllib.parse.parse_qs(parts.query):
            return 204, b'', {'X-Pacifica-Status': 'ready', 'X-Pacifica-Message': ''}
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode='w') as tar:
            for file_path in self.carts[parts.path]:
                found = [os.path.join(base, file_path) for base in self.data_dirs
                         if os.path.isfile(os.path.join(base, file_path))]
                if not found:
                    return _json(404, {'error': 'no file {!r}'.format(file_path)})
                tar.add(found[0], arcname='data/' + file_path.replace(os.sep, '/'))
        return 200, buffer.getvalue(), {'Content-Type': 'application/x-tar'}


class Ingest(StandIn):
    """Accepts every bundle and keeps its files and metadata."""

    def __init__(self) -> None:
        super().__init__()
        self.uploads = []  # type: typing.List[typing.Dict[str, typing.Any]]
        self.lock = threading.Lock()

    def post(self, path: str, body: bytes) -> Answer:
        if urllib.parse.urlsplit(path).path != '/upload':
            return _json(404, {'error': 'not found'})
        files = {}
        metadata = []
        with tarfile.open(fileobj=io.BytesIO(body), mode='r') as tar:
            for member in tar.getmembers():
                content = tar.extractfile(member).read().decode('utf-8')  # type: ignore[union-attr]
                if member.name == 'metadata.txt':
                    metadata = json.loads(content)
                else:
                    files[member.name] = content
        with self.lock:
            job_id = len(self.uploads) + 1
            self.uploads.append({'job_id': job_id, 'files': files, 'metadata': metadata})
        return _json(200, {'job_id': job_id})

    def get(self, path: str) -> Answer:
        parts = urllib.parse.urlsplit(path)
        if parts.path == '/uploads':
            with self.lock:
                return _json(200, self.uploads)
        if parts.path == '/get_state':
            job_id = urllib.parse.parse_qs(parts.query).get('job_id', [''])[0]
            return _json(200, {'job_id': job_id, 'state': 'OK', 'task': 'ingest metadata',
                               'task_percent': '100.00000', 'exception': ''})
        return _json(404, {'error': 'not found'})


def key_values(upload: typing.Dict[str, typing.Any]) -> typing.List[typing.Tuple[str, str]]:
    """The (key, value) pairs of an upload's TransactionKeyValue metadata."""
    return [(item['key'], item['value']) for item in upload['metadata']
            if item.get('destinationTable') == 'TransactionKeyValue']


def main(argv: typing.List[str]) -> None:
    """Serve both stand-ins until interrupted."""
    with Cartd(argv) as cartd, Ingest() as ingest:
        print(json.dumps({'cartd': cartd.url, 'ingest': ingest.url}), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == '__main__':
    main(sys.argv[1:])
