import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './errors.js';
import { walkFixtureTree } from './fixture-tree.js';
import { kindOf, rethrowFsProblem } from './fs-problems.js';
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
  try {
    const [{ sha1, size }, stats] = await Promise.all([hashFile(sourcePath), stat(sourcePath)]);
    const subdir = path.posix.dirname(relative);
    const name = path.posix.basename(relative);
    return {
      sourcePath, path: relative, name, subdir: subdir === '.' ? '' : subdir,
      size, sha1, mimetype: guessMimetype(name), mtime: stats.mtime, ctime: stats.ctime,
    };
  } catch (error) {
    return rethrowFsProblem(sourcePath, error, 'Fixture');
  }
}

/**
 * Files hashed at once. Each holds a descriptor while it streams, and a
 * common `ulimit -n` is 1024 (or 256): a fixture of 100,000 files must
 * not open them all together.
 */
const HASH_CONCURRENCY = 16;

/** `work` over `items`, at most `limit` at a time, results in order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Where fixture data may not reach, and where its warnings go. */
export interface FixtureOptions {
  /** The project directory: a fixture that contains it is refused. */
  target?: string;
  /** Told of links that lead outside a fixture directory. */
  warn?: (message: string) => void;
}

/**
 * Reads one --fixture: a file (placed in `subdirForSingleFile`, so it can
 * satisfy the route's subdir clause) or a directory (its tree is kept).
 */
export async function readFixture(fixturePath: string, subdirForSingleFile = '', options: FixtureOptions = {}): Promise<DataFile[]> {
  const stats = await stat(fixturePath).catch(async (error: unknown) => {
    const isLink = await lstat(fixturePath).then((link) => link.isSymbolicLink(), () => false);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UserError(`Fixture "${fixturePath}" ${isLink ? 'is a broken link' : 'does not exist'}.`, 'Check the path: fixtures are data files or directories.');
    }
    return rethrowFsProblem(fixturePath, error, 'Fixture');
  });
  if (stats.isFile()) {
    const name = path.basename(fixturePath);
    if (name.includes('\\')) {
      throw new UserError(`Fixture file "${fixturePath}" has a backslash in its name, which a project checked out on Windows cannot hold.`, 'Rename the file.');
    }
    return [await describe(fixturePath, subdirForSingleFile === '' ? name : `${subdirForSingleFile}/${name}`)];
  }
  if (!stats.isDirectory()) {
    throw new UserError(`Fixture "${fixturePath}" is ${kindOf(stats)}, neither a file nor a directory.`, 'Fixtures are regular files or directories.');
  }
  const tree = await walkFixtureTree(fixturePath, options.target === undefined ? {} : { target: options.target });
  const [first, ...more] = tree.problems;
  if (first !== undefined) {
    const others = more.length === 0 ? '' : `\n(and ${more.length} more problem${more.length === 1 ? '' : 's'} in this fixture, the next: ${more[0]!.message})`;
    throw new UserError(`${first.message}${others}`, first.hint);
  }
  for (const warning of tree.warnings) options.warn?.(warning);
  if (tree.files.length === 0) {
    throw new UserError(`Fixture directory "${fixturePath}" has no files.`, 'An event needs at least one data file: add one, or pass another directory.');
  }
  return mapLimited(tree.files, HASH_CONCURRENCY, (relative) => describe(path.join(fixturePath, ...relative.split('/')), relative));
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
