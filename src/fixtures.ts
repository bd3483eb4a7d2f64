import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './errors.js';
import { ENCODING_SUFFIXES, SUFFIX_ALIASES, TYPES_BY_EXTENSION } from './mimetype-table.js';
import type { FixtureFile, RouteSpec } from './types.js';

/** A data file of a fixture: where it comes from and what event.json says of it. */
export interface DataFile extends FixtureFile {
  /** Absolute source path, or undefined for generated sample content. */
  sourcePath?: string;
  content?: string;
  mtime: Date;
  ctime: Date;
}

/** sha1 and size of a file, streamed: the file is never held in memory. */
export async function hashFile(file: string): Promise<{ sha1: string; size: number }> {
  const hash = createHash('sha1');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha1: hash.digest('hex'), size };
}

/**
 * The mimetype Pacifica records for a file name: Python's
 * mimetypes.guess_type with its built-in table, else
 * application/octet-stream. Compression suffixes (".gz") are encodings
 * and are looked through, as Python does.
 */
export function guessMimetype(name: string): string {
  let base = name;
  let ext = path.posix.extname(base);
  const alias = SUFFIX_ALIASES[ext] ?? SUFFIX_ALIASES[ext.toLowerCase()];
  if (alias !== undefined) {
    base = base.slice(0, -ext.length) + alias;
    ext = path.posix.extname(base);
  }
  // Python looks encodings up case-sensitively (x.tar.GZ is not gzip), unlike types.
  if (ENCODING_SUFFIXES.includes(ext)) {
    base = base.slice(0, -ext.length);
    ext = path.posix.extname(base);
  }
  return TYPES_BY_EXTENSION[ext] ?? TYPES_BY_EXTENSION[ext.toLowerCase()] ?? 'application/octet-stream';
}

/** The extension Python's table gives for a mimetype, if any. */
export function extensionFor(mimetype: string): string | undefined {
  if (mimetype === 'text/plain') return '.txt';
  return Object.entries(TYPES_BY_EXTENSION).find(([, type]) => type === mimetype)?.[0];
}

async function describe(sourcePath: string, relative: string): Promise<DataFile> {
  if (relative.includes('\\')) {
    throw new UserError(`Fixture file "${sourcePath}" has a backslash in its name, which a project checked out on Windows cannot hold.`, 'Rename the file.');
  }
  const [{ sha1, size }, stats] = await Promise.all([hashFile(sourcePath), stat(sourcePath)]);
  const subdir = path.posix.dirname(relative);
  const name = path.posix.basename(relative);
  return {
    sourcePath, path: relative, name, subdir: subdir === '.' ? '' : subdir,
    size, sha1, mimetype: guessMimetype(name), mtime: stats.mtime, ctime: stats.ctime,
  };
}

async function walk(root: string, relative: string, seen: Set<string>, out: string[]): Promise<void> {
  const real = await realpath(path.join(root, relative));
  if (seen.has(real)) {
    throw new UserError(`Fixture directory "${root}" contains a link loop at "${relative}".`, 'Remove the link, or pass the files you want one by one.');
  }
  seen.add(real);
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    const stats = await stat(path.join(root, child)).catch(() => {
      throw new UserError(`Fixture "${path.join(root, child)}" is a broken link.`, 'Remove the link, or make it point at the data.');
    });
    if (stats.isDirectory()) await walk(root, child, seen, out);
    else if (stats.isFile()) out.push(child);
    else throw new UserError(`Fixture "${path.join(root, child)}" is neither a file nor a directory.`, 'Fixtures may hold only regular files and directories.');
  }
}

/**
 * Reads one --fixture: a file (placed in `subdirForSingleFile`, so it can
 * satisfy the route's subdir clause) or a directory (its tree is kept).
 */
export async function readFixture(fixturePath: string, subdirForSingleFile = ''): Promise<DataFile[]> {
  const stats = await stat(fixturePath).catch(async () => {
    const isLink = await lstat(fixturePath).then((link) => link.isSymbolicLink(), () => false);
    throw new UserError(`Fixture "${fixturePath}" ${isLink ? 'is a broken link' : 'does not exist'}.`, 'Check the path: fixtures are data files or directories.');
  });
  if (stats.isFile()) {
    const name = path.basename(fixturePath);
    return [await describe(fixturePath, subdirForSingleFile === '' ? name : `${subdirForSingleFile}/${name}`)];
  }
  if (!stats.isDirectory()) {
    throw new UserError(`Fixture "${fixturePath}" is neither a file nor a directory.`, 'Fixtures are regular files or directories.');
  }
  const relatives: string[] = [];
  await walk(fixturePath, '', new Set(), relatives);
  if (relatives.length === 0) {
    throw new UserError(`Fixture directory "${fixturePath}" has no files.`, 'An event needs at least one data file: add one, or pass another directory.');
  }
  return Promise.all(relatives.map((relative) => describe(path.join(fixturePath, ...relative.split('/')), relative)));
}

const LIPSUM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n' +
  'incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud\n' +
  'exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.\n';

/** The sample data file used when no --fixture is given; it satisfies the route. */
export function sampleData(route: Pick<RouteSpec, 'mimetype' | 'subdir'>, now: Date): DataFile {
  const mimetype = route.mimetype ?? 'text/plain';
  const extension = extensionFor(mimetype);
  if (extension === undefined) {
    throw new UserError(
      `No sample file can have mimetype "${mimetype}": Pacifica derives a file's mimetype from its extension, and no extension gives this one.`,
      'Give data of that type with --fixture, or choose a mimetype from Python\'s mimetypes table (e.g. text/plain, text/csv, image/png).',
    );
  }
  const name = extension === '.txt' ? 'lipsum.txt' : `sample${extension}`;
  const subdir = route.subdir ?? '';
  const sha1 = createHash('sha1').update(LIPSUM).digest('hex');
  return {
    path: subdir === '' ? name : `${subdir}/${name}`, name, subdir, content: LIPSUM,
    size: Buffer.byteLength(LIPSUM), sha1, mimetype, mtime: now, ctime: now,
  };
}

/** ISO 8601 local-style timestamp without zone, as Pacifica Metadata writes. */
const timestamp = (date: Date): string => date.toISOString().slice(0, 19);

/** Transaction id n gives the eventID a default Metadata deployment sends. */
export const eventIdFor = (transactionId: number): string => `metadata.ingest.${transactionId}`;

/**
 * The CloudEvents notification for one fixture, as an object: the SOP's
 * structure, keys sorted as Pacifica writes them, one Files item per file,
 * and a TransactionKeyValue for every key-value the route requires.
 */
export function buildEvent(route: RouteSpec, transactionId: number, files: DataFile[], now: Date): Record<string, unknown> {
  const data: Record<string, unknown>[] = [
    { destinationTable: 'Transactions._id', value: transactionId },
    { destinationTable: 'Transactions.submitter', value: -1 },
    { destinationTable: 'Transactions.project', value: -1 },
    { destinationTable: 'Transactions.instrument', value: -1 },
    ...route.keyValues.map((kv) => ({ destinationTable: 'TransactionKeyValue', key: kv.key, value: kv.value ?? `${kv.key}-value` })),
    ...files.map((file, index) => ({
      _id: index + 1,
      ctime: timestamp(file.ctime),
      destinationTable: 'Files',
      hashsum: file.sha1,
      hashtype: 'sha1',
      mimetype: file.mimetype,
      mtime: timestamp(file.mtime),
      name: file.name,
      size: file.size,
      subdir: file.subdir,
    })),
  ];
  return {
    cloudEventsVersion: '0.1',
    contentType: 'application/json',
    data,
    eventID: eventIdFor(transactionId),
    eventTime: timestamp(now),
    eventType: route.eventType,
    extensions: {},
    source: route.source ?? `http://metadata.pacifica.org/transactions?_id=${transactionId}`,
  };
}
