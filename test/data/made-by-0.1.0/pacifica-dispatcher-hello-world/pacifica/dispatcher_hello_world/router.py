# -*- coding: utf-8 -*-
"""Router for pacifica-dispatcher-hello-world.

Each route is a JSONPath read from this package's ``jsonpath2/`` directory
and the event handler it calls. Routes are tried in order; the first one
whose JSONPath matches a CloudEvents notification handles it.

Importing this module reads the Pacifica CLI configuration
(``generate_global_config()``: ``/etc/pacifica-cli/config.ini``, else
``./config.ini``, then ``~/.pacifica_cli/config.ini``, with defaults from
environment variables such as ``UPLOAD_URL`` and ``DOWNLOAD_URL``), which
creates ``~/.pacifica_cli`` if it is missing.
"""

import os

from jsonpath2.path import Path
from pacifica.cli.methods import generate_global_config, generate_requests_auth
from pacifica.dispatcher.downloader_runners import RemoteDownloaderRunner
from pacifica.dispatcher.router import Router
from pacifica.dispatcher.uploader_runners import RemoteUploaderRunner
from pacifica.downloader import Downloader
from pacifica.uploader import Uploader

from .event_handlers import (
    HelloWorldEventHandler,
    ThumbnailsEventHandler,
)

JSONPATH_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'jsonpath2')


def route_file(name: str) -> str:
    """Return the path of the route file ``jsonpath2/<name>.txt`` of this package."""
    return os.path.join(JSONPATH_DIR, name + '.txt')


config = generate_global_config()
auth = generate_requests_auth(config)

# The remote runners download a transaction's files from Pacifica Cartd and
# upload new transactions to Pacifica Ingest.
downloader_runner = RemoteDownloaderRunner(Downloader(
    cart_api_url=config.get('endpoints', 'download_url'),
    auth=auth,
))
uploader_runner = RemoteUploaderRunner(Uploader(
    upload_url=config.get('endpoints', 'upload_url'),
    status_url=config.get('endpoints', 'upload_status_url'),
    auth=auth,
))

router = Router()
router.add_route(
    Path.parse_file(route_file('hello_world')),
    HelloWorldEventHandler(downloader_runner, uploader_runner),
)
router.add_route(
    Path.parse_file(route_file('thumbnails')),
    ThumbnailsEventHandler(downloader_runner, uploader_runner),
)

__all__ = ('router', 'route_file')
