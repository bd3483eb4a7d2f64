# -*- coding: utf-8 -*-
"""Event handlers for pacifica-dispatcher-hello-world.

One handler per route. Each one downloads the files of the transaction that
triggered it, does its work, and uploads the results as a new transaction
that records where it came from (provenance) and carries the loop-breaker
key-value its route excludes, so the upload never triggers this dispatcher
again.

The Pacifica runners open files in TEXT mode: inputs are read with
``errors='surrogateescape'`` so binary files do not raise, and outputs are
written as ASCII text with LF line endings (the uploader re-reads them as
text and sizes them in bytes).
"""

import os
import re
import tempfile
import typing

from cloudevents.model import Event
from pacifica.dispatcher.downloader_runners import DownloaderRunner
from pacifica.dispatcher.event_handlers import EventHandler
from pacifica.dispatcher.models import File, Transaction, TransactionKeyValue
from pacifica.dispatcher.uploader_runners import UploaderRunner


# With errors='surrogateescape', each byte that does not decode becomes one
# of U+DC80..U+DCFF.
UNDECODABLE = re.compile('[\udc80-\udcff]')


def metadata_value(value: typing.Any) -> typing.Optional[str]:
    """Return ``value`` as a metadata value for an upload.

    The uploader rejects falsy values (``0``, ``''``) and ids arrive as
    numbers or strings, so a present value becomes a non-empty string;
    ``None`` and ``''`` become ``None`` (the attribute is left out).
    """
    if value is None or value == '':
        return None
    return str(value)


def output_path(basedir_name: str, file_path: str, suffix: str) -> str:
    """Return where the output for input ``file_path`` goes under ``basedir_name``.

    Creates the sub-directories it needs. Refuses a path that would escape
    ``basedir_name`` (an absolute name or ``..`` in the event's data).
    """
    relative = os.path.normpath(file_path + suffix)
    if os.path.isabs(relative) or relative.split(os.sep)[0] == os.pardir:
        raise ValueError('unsafe file path in event: {!r}'.format(file_path))
    path = os.path.join(basedir_name, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def summarize(text_file: typing.TextIO) -> typing.Dict[str, int]:
    """Count the lines and characters of an open text file, whatever its content.

    Reads in chunks, so a large or binary file (no line breaks) is never held
    in memory whole.
    """
    lines = 0
    characters = 0
    undecodable = 0
    last = ''
    for chunk in iter(lambda: text_file.read(1 << 16), ''):
        lines += chunk.count('\n')
        characters += len(chunk)
        undecodable += len(UNDECODABLE.findall(chunk))
        last = chunk[-1]
    if last not in ('', '\n'):
        lines += 1
    return {'lines': lines, 'characters': characters, 'undecodable_bytes': undecodable}


class HelloWorldEventHandler(EventHandler):
    """Handle events matched by the route ``jsonpath2/hello_world.txt``.

    For each file of the transaction it writes ``<path>.summary.txt`` (line
    and character counts) and uploads those files as a new transaction.
    """

    #: Key-value recording the source transaction's id on the upload.
    PROVENANCE_KEY = 'derived-from-transaction'
    #: Key-value on every upload; the route excludes events that carry it.
    LOOP_BREAKER_KEY = 'processed-by'
    LOOP_BREAKER_VALUE = 'pacifica-dispatcher-hello-world'
    OUTPUT_SUFFIX = '.summary.txt'

    def __init__(self, downloader_runner: DownloaderRunner, uploader_runner: UploaderRunner) -> None:
        """Use ``downloader_runner`` to fetch input files and ``uploader_runner`` to upload results."""
        super().__init__()
        self.downloader_runner = downloader_runner
        self.uploader_runner = uploader_runner

    def handle(self, event: Event) -> None:
        """Download the event's files, summarize each one, upload the summaries."""
        transaction = Transaction.from_cloudevents_model(event)
        files = File.from_cloudevents_model(event)
        key_values = TransactionKeyValue.from_cloudevents_model(event)
        if transaction._id is None:
            raise ValueError('event {!r} has no Transactions._id'.format(event.event_id))
        if not files:
            # The runners refuse an empty file list; there is nothing to do.
            return

        with tempfile.TemporaryDirectory() as download_dir, tempfile.TemporaryDirectory() as upload_dir:
            openers = self.downloader_runner.download(download_dir, files)
            for file, opener in zip(files, openers):
                # YOUR WORK GOES HERE: read each input, write outputs under upload_dir.
                with opener(errors='surrogateescape') as text_file:
                    summary = summarize(text_file)
                with open(output_path(upload_dir, file.path, self.OUTPUT_SUFFIX), mode='w',
                          encoding='utf-8', newline='\n') as out:
                    out.write('file: {}\n'.format(ascii(file.path)))
                    out.write('transaction: {}\n'.format(ascii(str(transaction._id))))
                    out.write('transaction_key_values: {}\n'.format(len(key_values)))
                    for name, count in sorted(summary.items()):
                        out.write('{}: {}\n'.format(name, count))

            self.uploader_runner.upload(
                upload_dir,
                transaction=self.new_transaction(transaction),
                transaction_key_values=self.new_key_values(transaction),
            )

    def new_transaction(self, source: Transaction) -> Transaction:
        """Return the upload's transaction: the source's submitter, instrument and project, no ``_id``."""
        return Transaction(
            submitter=metadata_value(source.submitter),
            instrument=metadata_value(source.instrument),
            project=metadata_value(source.project),
        )

    def new_key_values(self, source: Transaction) -> typing.List[TransactionKeyValue]:
        """Return the upload's key-values: provenance and the loop-breaker."""
        return [
            TransactionKeyValue(key=self.PROVENANCE_KEY, value=metadata_value(source._id)),
            TransactionKeyValue(key=self.LOOP_BREAKER_KEY, value=self.LOOP_BREAKER_VALUE),
        ]


class ThumbnailsEventHandler(EventHandler):
    """Handle events matched by the route ``jsonpath2/thumbnails.txt``.

    For each file of the transaction it writes ``<path>.summary.txt`` (line
    and character counts) and uploads those files as a new transaction.
    """

    #: Key-value recording the source transaction's id on the upload.
    PROVENANCE_KEY = 'derived-from-transaction'
    #: Key-value on every upload; the route excludes events that carry it.
    LOOP_BREAKER_KEY = 'processed-by'
    LOOP_BREAKER_VALUE = 'pacifica-dispatcher-hello-world'
    OUTPUT_SUFFIX = '.summary.txt'

    def __init__(self, downloader_runner: DownloaderRunner, uploader_runner: UploaderRunner) -> None:
        """Use ``downloader_runner`` to fetch input files and ``uploader_runner`` to upload results."""
        super().__init__()
        self.downloader_runner = downloader_runner
        self.uploader_runner = uploader_runner

    def handle(self, event: Event) -> None:
        """Download the event's files, summarize each one, upload the summaries."""
        transaction = Transaction.from_cloudevents_model(event)
        files = File.from_cloudevents_model(event)
        key_values = TransactionKeyValue.from_cloudevents_model(event)
        if transaction._id is None:
            raise ValueError('event {!r} has no Transactions._id'.format(event.event_id))
        if not files:
            # The runners refuse an empty file list; there is nothing to do.
            return

        with tempfile.TemporaryDirectory() as download_dir, tempfile.TemporaryDirectory() as upload_dir:
            openers = self.downloader_runner.download(download_dir, files)
            for file, opener in zip(files, openers):
                # YOUR WORK GOES HERE: read each input, write outputs under upload_dir.
                with opener(errors='surrogateescape') as text_file:
                    summary = summarize(text_file)
                with open(output_path(upload_dir, file.path, self.OUTPUT_SUFFIX), mode='w',
                          encoding='utf-8', newline='\n') as out:
                    out.write('file: {}\n'.format(ascii(file.path)))
                    out.write('transaction: {}\n'.format(ascii(str(transaction._id))))
                    out.write('transaction_key_values: {}\n'.format(len(key_values)))
                    for name, count in sorted(summary.items()):
                        out.write('{}: {}\n'.format(name, count))

            self.uploader_runner.upload(
                upload_dir,
                transaction=self.new_transaction(transaction),
                transaction_key_values=self.new_key_values(transaction),
            )

    def new_transaction(self, source: Transaction) -> Transaction:
        """Return the upload's transaction: the source's submitter, instrument and project, no ``_id``."""
        return Transaction(
            submitter=metadata_value(source.submitter),
            instrument=metadata_value(source.instrument),
            project=metadata_value(source.project),
        )

    def new_key_values(self, source: Transaction) -> typing.List[TransactionKeyValue]:
        """Return the upload's key-values: provenance and the loop-breaker."""
        return [
            TransactionKeyValue(key=self.PROVENANCE_KEY, value=metadata_value(source._id)),
            TransactionKeyValue(key=self.LOOP_BREAKER_KEY, value=self.LOOP_BREAKER_VALUE),
        ]


__all__ = (
    'HelloWorldEventHandler',
    'ThumbnailsEventHandler',
)
