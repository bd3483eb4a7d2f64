# -*- coding: utf-8 -*-
"""Entry points for pacifica-dispatcher-hello-world.

- ``celery_app``: the Celery application whose worker handles events
  (``celery -A "pacifica.dispatcher_hello_world.__main__:celery_app" worker -l info``).
- ``application``: the WSGI application that receives CloudEvents
  notifications (served by uWSGI in the Docker image).
- ``main()``: the same application in CherryPy's own web server
  (``python -m pacifica.dispatcher_hello_world --host 127.0.0.1 --port 8069``), or a
  health check (``python -m pacifica.dispatcher_hello_world --check-health``).

Environment:

- ``DATABASE_URL``: a peewee ``playhouse.db_url`` URL (default
  ``sqlite:///db.sqlite3``);
- ``BROKER_URL`` (default ``pyamqp://``, RabbitMQ on localhost) and
  ``BACKEND_URL`` (default ``rpc://``);
- ``DISPATCHER_EAGER=1``: no broker; each event is handled inside the web
  request that received it (for trying the service locally);
- ``DISPATCHER_DEVELOPMENT=1``: CherryPy's development settings (tracebacks
  in error answers, autoreload); production settings otherwise;
- ``DATABASE_WAIT_SECONDS``: how long the worker retries an unreachable
  database before it exits with an error (default 120).

Importing this module connects to nothing: the table is created when the
worker starts or the web application gets its first request.
"""

import argparse
import json
import logging
import os
import sys
import threading
import typing

import celery.signals
import cherrypy
import playhouse.db_url

from . import service
from .router import router

LOGGER = logging.getLogger(__name__)
APP_NAME = 'pacifica.dispatcher_hello_world.app'
RECEIVE_TASK_NAME = 'pacifica.dispatcher_hello_world.tasks.receive'


def _flag(name: str) -> bool:
    """True when the environment variable ``name`` is set to 1, true, yes or on."""
    return os.getenv(name, '').strip().lower() in ('1', 'true', 'yes', 'on')


EAGER = _flag('DISPATCHER_EAGER')
DEVELOPMENT = _flag('DISPATCHER_DEVELOPMENT')
DATABASE_WAIT_SECONDS = float(os.getenv('DATABASE_WAIT_SECONDS', '120'))

# playhouse.db_url.connect() only configures the database; it connects lazily.
db = playhouse.db_url.connect(os.getenv('DATABASE_URL', 'sqlite:///db.sqlite3'))
ReceiveTaskModel = service.create_model(db)

celery_app = ReceiveTaskModel.create_celery_app(
    router,
    APP_NAME,
    RECEIVE_TASK_NAME,
    backend=os.getenv('BACKEND_URL', 'rpc://'),
    broker=os.getenv('BROKER_URL', 'pyamqp://'),
    task_cls=service.recorded_task_class(ReceiveTaskModel),
)
if EAGER:
    # The task runs in the request; an error it cannot record answers 500.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
receive_task = celery_app.tasks[RECEIVE_TASK_NAME]

# Production settings hide tracebacks from error answers and turn off autoreload.
if not DEVELOPMENT:
    cherrypy.config.update({'environment': 'production'})
cherrypy_app = ReceiveTaskModel.create_cherrypy_app(receive_task)


class Receive:  # pylint: disable=too-few-public-methods
    """``POST /receive``: queue a CloudEvents notification (a JSON object); answers the task id."""

    exposed = True

    @cherrypy.tools.json_in()
    @cherrypy.tools.json_out()
    def POST(self) -> str:  # pylint: disable=invalid-name
        """Refuse a body that is not a JSON object, rather than queue a task that cannot run."""
        event = cherrypy.request.json
        if not isinstance(event, dict):
            raise cherrypy.HTTPError(422, 'The body must be a JSON object (a CloudEvents notification).')
        return receive_task.delay(event).id


class Health:  # pylint: disable=too-few-public-methods
    """``GET /health``: 200 when the database and the broker are reachable, 503 otherwise."""

    exposed = True

    @cherrypy.tools.json_out()
    def GET(self) -> typing.Dict[str, str]:  # pylint: disable=invalid-name
        """Report each dependency: ``ok`` or the error."""
        report = service.health(ReceiveTaskModel, celery_app, EAGER)
        if not service.is_healthy(report):
            cherrypy.response.status = 503
        return report


cherrypy_app.root.receive = Receive()
cherrypy_app.root.health = Health()

_tables_created = threading.Event()
_tables_lock = threading.Lock()


def create_tables() -> None:
    """Create (or migrate) the table of received events, once per process."""
    if _tables_created.is_set():
        return
    with _tables_lock:
        if not _tables_created.is_set():
            service.create_tables(ReceiveTaskModel)
            _tables_created.set()


@celery.signals.worker_init.connect
def _create_tables_for_worker(**_kwargs: typing.Any) -> None:
    """Create the table before the worker takes its first task, or stop the worker.

    A worker without its table would take tasks and lose them, so it waits
    for the database (DATABASE_WAIT_SECONDS), then exits with an error for
    its supervisor to restart it.
    """
    try:
        service.wait_for_tables(ReceiveTaskModel, DATABASE_WAIT_SECONDS)
    except service.UNREACHABLE as error:
        LOGGER.critical('Database unreachable for %.0f s, stopping: %s', DATABASE_WAIT_SECONDS, error)
        raise SystemExit(1) from error
    _tables_created.set()


def application(environ: typing.Dict[str, typing.Any], start_response: typing.Callable[..., typing.Any]) -> typing.Any:
    """WSGI entry point: the CherryPy application, with the table created on first use."""
    try:
        create_tables()
    except service.UNREACHABLE as error:
        # /health reports it; other requests fail with their own error.
        LOGGER.warning('Database unreachable: %s', error)
    return cherrypy_app(environ, start_response)


def check_health() -> int:
    """Print the health report as JSON; 0 when healthy, 1 otherwise."""
    report = service.health(ReceiveTaskModel, celery_app, EAGER)
    print(json.dumps(report, sort_keys=True))
    return 0 if service.is_healthy(report) else 1


def main(argv: typing.Optional[typing.List[str]] = None) -> None:
    """Serve the application with CherryPy's web server until interrupted."""
    parser = argparse.ArgumentParser(
        prog='python -m pacifica.dispatcher_hello_world',
        description='Receive CloudEvents notifications and queue them for the Celery worker.',
    )
    parser.add_argument('--host', default='127.0.0.1', help='address to listen on (default: %(default)s)')
    parser.add_argument('--port', type=int, default=8069, help='TCP port to listen on (default: %(default)s)')
    parser.add_argument('--config', metavar='FILE', default=None,
                        help='CherryPy configuration file (its settings override --host and --port)')
    parser.add_argument('--check-health', action='store_true',
                        help='print whether the database and the broker are reachable, exit 1 if not')
    args = parser.parse_args(argv)
    if args.check_health:
        sys.exit(check_health())

    # CherryPy's own console log stays off in production: its messages reach the
    # console through the logging configuration pacifica-cli sets up.
    cherrypy.config.update({'server.socket_host': args.host, 'server.socket_port': args.port})
    if args.config is not None:
        cherrypy.config.update(args.config)
    service.wait_for_tables(ReceiveTaskModel, DATABASE_WAIT_SECONDS)
    _tables_created.set()
    cherrypy.tree.mount(cherrypy_app)
    cherrypy.engine.start()
    cherrypy.engine.block()


__all__ = (
    'ReceiveTaskModel', 'application', 'celery_app', 'cherrypy_app', 'create_tables', 'db', 'main', 'receive_task',
)


if __name__ == '__main__':
    main()
