# -*- coding: utf-8 -*-
"""What pacifica-dispatcher-hello-world changes in upstream ``pacifica.dispatcher.receiver``.

Upstream's receiver (``create_peewee_model``) gives the table of received
events, the Celery task that runs the router, and the web application. This
module keeps all of it and fixes what loses tasks in a deployment:

- ``exc_value`` (the error message of a failed task) is a 255-character
  ``CharField`` upstream. PostgreSQL refuses longer values, and ordinary
  errors are longer (a refused connection to Cartd is about 280 characters),
  so saving the error failed and the task stayed at ``102 Processing``
  forever. Here it is a text column; ``create_tables()`` widens the column
  of a table made by an earlier version (SQLite never enforced the length).
- A task that ends with an exception of its own (the database failed while
  recording it) is recorded as ``500 Internal Server Error`` with its cause
  by ``RecordedTask.on_failure``, never left at ``202`` or ``102``.
- ``wait_for_tables()`` retries with backoff while the database is
  unreachable, then gives up with an error, so a worker never consumes tasks
  it cannot record.
- ``health()`` reports whether the database and the broker are reachable.
"""

import json
import logging
import time
import traceback
import typing

import celery
import peewee
from pacifica.dispatcher.receiver import create_peewee_model
from playhouse.migrate import SchemaMigrator, migrate

LOGGER = logging.getLogger(__name__)

#: The table upstream's model uses (peewee's name for class ReceiveTaskModel).
TABLE_NAME = 'receivetaskmodel'
#: Statuses upstream's task writes before the task has ended.
UNFINISHED = ('202 Accepted', '102 Processing')
FAILED = '500 Internal Server Error'
#: Upstream's length for the event attributes (CharField).
CHAR_LENGTH = 255
# Errors that mean "the database is not reachable (yet)", worth retrying.
UNREACHABLE = (peewee.OperationalError, peewee.InterfaceError)
# Modules of the DB-API drivers peewee uses, whose errors it re-raises as its own.
DATABASE_DRIVERS = ('psycopg2', 'psycopg', 'sqlite3', 'pymysql', 'MySQLdb', 'mysql', 'apsw')


def create_model(database: peewee.Database) -> typing.Any:
    """Return upstream's model for ``database``, with ``exc_value`` as a text column."""
    upstream = create_peewee_model(database)

    class ReceiveTaskModel(upstream):  # type: ignore[misc,valid-type]
        """Upstream's ReceiveTaskModel; errors of any length are stored."""

        exc_value = peewee.TextField(null=True)

        class Meta:  # pylint: disable=too-few-public-methods
            """The same table as upstream's model."""

            table_name = TABLE_NAME

    return ReceiveTaskModel


def widen_error_column(model: typing.Any) -> bool:
    """Change ``exc_value`` of an existing table to text if it is still a short string; True if changed."""
    database = model._meta.database  # pylint: disable=protected-access
    if isinstance(database, peewee.SqliteDatabase):
        return False  # SQLite ignores declared lengths.
    columns = {column.name: column for column in database.get_columns(TABLE_NAME)}
    column = columns.get('exc_value')
    if column is None or 'char' not in column.data_type.lower():
        return False
    LOGGER.info('Widening %s.exc_value from %s to text', TABLE_NAME, column.data_type)
    migrator = SchemaMigrator.from_database(database)
    migrate(migrator.alter_column_type(TABLE_NAME, 'exc_value', peewee.TextField(null=True)))
    return True


def create_tables(model: typing.Any) -> None:
    """Create the table of received events if it is missing, and migrate an old one."""
    with model._meta.database.connection_context():  # pylint: disable=protected-access
        model.create_table(safe=True)
        widen_error_column(model)


def wait_for_tables(model: typing.Any, wait_seconds: float, sleep: typing.Callable[[float], None] = time.sleep) -> None:
    """Run ``create_tables`` until it works, backing off up to 30 s between tries.

    Raises the last error once ``wait_seconds`` have passed, so the process
    can exit and be restarted rather than run without its table.
    """
    deadline = time.monotonic() + wait_seconds
    delay = 1.0
    while True:
        try:
            create_tables(model)
            return
        except UNREACHABLE as error:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise
            LOGGER.warning('Database unreachable (%s); retrying in %.0f s', str(error).strip(), min(delay, remaining))
            sleep(min(delay, remaining))
            delay = min(delay * 2, 30.0)


def is_database_error(error: BaseException) -> bool:
    """True for peewee's errors and those of the database drivers peewee wraps."""
    module = type(error).__module__.split('.')[0]
    return isinstance(error, peewee.PeeweeException) or module in DATABASE_DRIVERS


def describe_failure(error: BaseException) -> typing.Tuple[BaseException, str]:
    """Return the error to report and the traceback text of the whole chain.

    When saving a handler's error failed, the database error was raised while
    handling the handler's error: that one, further down the chain, is what
    the user needs to see.
    """
    reported = error
    while is_database_error(reported) and reported.__context__ is not None:
        reported = reported.__context__
    if is_database_error(reported):
        reported = error
    text = ''.join(traceback.format_exception(type(error), error, error.__traceback__))
    return reported, text


def record_failure(model: typing.Any, task_id: str, name: str, task_name: str,
                   event_data: typing.Any, error: BaseException, truncate: bool = False) -> None:
    """Store ``error`` as the ended task's status: update its unfinished row, or add one.

    ``truncate`` shortens the message to upstream's 255 characters, for a
    column that could not be widened.
    """
    reported, text = describe_failure(error)
    message = str(reported) or repr(reported)
    values = {
        'task_status': FAILED,
        'exc_type': type(reported).__name__[:CHAR_LENGTH],
        'exc_value': message[:CHAR_LENGTH] if truncate else message,
        'exc_traceback': text,
    }
    database = model._meta.database  # pylint: disable=protected-access
    with database.connection_context():
        updated = model.update(**values).where(model.task_id == task_id, model.task_status.in_(UNFINISHED)).execute()
        if updated or model.select().where(model.task_id == task_id).exists():
            return
        event = event_data if isinstance(event_data, dict) else {}

        def attribute(key: str) -> typing.Optional[str]:
            value = event.get(key)
            return None if value is None else str(value)[:CHAR_LENGTH]

        model.create(
            event_type=attribute('eventType'), event_type_version=attribute('eventTypeVersion'),
            source=attribute('source'), event_id=attribute('eventID'), event_time=attribute('eventTime'),
            schema_url=attribute('schemaURL'), content_type=attribute('contentType'),
            event_data=json.dumps(event_data, default=str), data=json.dumps(event.get('data'), default=str),
            task_id=task_id, task_application_name=name, task_name=task_name, **values,
        )


def recorded_task_class(model: typing.Any, attempts: int = 5) -> type:
    """Return the Celery task base class that records a task ending in an exception."""

    class RecordedTask(celery.Task):  # pylint: disable=abstract-method
        """A task whose failure is always stored, so its status never stays unfinished."""

        def on_failure(self, exc: BaseException, task_id: str, args: typing.Any, kwargs: typing.Any,
                       einfo: typing.Any) -> None:
            """Record ``exc`` for ``task_id``, retrying while the database is unreachable."""
            event_data = args[0] if args else kwargs.get('event_data')
            truncate = False
            for attempt in range(attempts):
                try:
                    record_failure(model, task_id, self.app.main, self.name, event_data, exc, truncate)
                    return
                except peewee.DataError:
                    if truncate:
                        break
                    LOGGER.warning('The failure of task %s does not fit its row; storing it shortened', task_id)
                    truncate = True
                except UNREACHABLE:
                    LOGGER.warning('Could not record the failure of task %s (attempt %d)', task_id, attempt + 1)
                    time.sleep(2 ** attempt)
            LOGGER.error('Task %s failed and its failure could not be recorded: %s', task_id, exc)

    return RecordedTask


def health(model: typing.Any, celery_app: celery.Celery, eager: bool) -> typing.Dict[str, str]:
    """Return ``{'database': ..., 'broker': ...}``: ``'ok'``, or ``'error: ...'`` saying what is wrong."""
    report = {}
    try:
        with model._meta.database.connection_context():  # pylint: disable=protected-access
            model.select().limit(1).count()
        report['database'] = 'ok'
    except peewee.PeeweeException as error:
        report['database'] = 'error: {}'.format(str(error).strip())
    if eager:
        report['broker'] = 'not used (DISPATCHER_EAGER is set)'
    else:
        try:
            with celery_app.connection_for_write(connect_timeout=5) as connection:
                connection.connect()
            report['broker'] = 'ok'
        except Exception as error:  # pylint: disable=broad-except
            report['broker'] = 'error: {}'.format(error)
    return report


def is_healthy(report: typing.Dict[str, str]) -> bool:
    """True when ``report`` has no error."""
    return not any(value.startswith('error') for value in report.values())


__all__ = ('create_model', 'create_tables', 'health', 'is_healthy', 'recorded_task_class', 'wait_for_tables')
