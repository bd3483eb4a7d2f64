import { createHash, getHashes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { endOfSlice } from './fs.js';

/**
 * Hashing, in one place: of content in memory (the state file's managed
 * files, the sample data), of a file read in chunks (fixture data of any
 * size is never held in memory), and of bytes on their way to disk (a copy
 * is checked against the hash taken when it was read).
 */

/** What Pacifica records in event.json (`hashtype`) and the state file keeps. */
export const DEFAULT_HASH = 'sha1';

/** Whether Node can compute `algorithm` (lower case, as event.json's hashtype is compared). */
export const isSupportedHash = (algorithm: string): boolean =>
  algorithm === DEFAULT_HASH || getHashes().includes(algorithm);

/** The hex digest of `content`. */
export const hashOf = (content: string | Uint8Array, algorithm = DEFAULT_HASH): string =>
  createHash(algorithm).update(content).digest('hex');

/**
 * Bytes read at a time from a data file: large enough that the cost of each
 * read and hash call vanishes, small enough to stay in the CPU's cache
 * between the read and the hashing (and the write) of it.
 */
export const FILE_CHUNK = 256 * 1024;

/** An incremental hash: `update` with each chunk, `digest` once at the end. */
export interface IncrementalHash {
  update(chunk: Uint8Array): void;
  digest(): string;
}

/** A hash to feed chunk by chunk (a file's, as it is read or copied). */
export function incrementalHash(algorithm = DEFAULT_HASH): IncrementalHash {
  const hash = createHash(algorithm);
  return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest('hex') };
}

/**
 * Chunk buffers given back after use, for the next file: a fresh buffer
 * costs a page fault per 4 KiB the first time it is filled (a fifth of the
 * time of copying a fixture, by `perf`).
 */
const spareChunks: Buffer[] = [];
const MAX_SPARE_CHUNKS = 8;

const takeChunk = (): Buffer => spareChunks.pop() ?? Buffer.allocUnsafeSlow(FILE_CHUNK);
const giveBack = (chunk: Buffer): void => {
  if (spareChunks.length < MAX_SPARE_CHUNKS) spareChunks.push(chunk);
};

/**
 * Reads an open file to its end in chunks, handing each to `use`, which is
 * done with it when it returns. The reads are synchronous, in slices of
 * about SLICE_MS between which the event loop runs (and `shouldStop` may
 * throw): reading a chunk and hashing it on the same thread, while it is in
 * the cache, took half the CPU time of reading on libuv's threads and
 * hashing on the main one (256 MiB: 205 ms against 400 ms). Only one chunk
 * is in memory.
 */
export async function forEachChunk(
  fd: number,
  use: (chunk: Buffer) => void,
  shouldStop: () => void = () => {},
): Promise<void> {
  const buffer = takeChunk();
  try {
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      use(buffer.subarray(0, bytesRead));
      await endOfSlice();
      shouldStop();
    }
  } finally {
    giveBack(buffer);
  }
}

/** The hex digest and size of a file, read in chunks: the file is never held in memory. */
export async function hashFile(file: string, algorithm = DEFAULT_HASH): Promise<{ digest: string; size: number }> {
  const fd = openSync(file, 'r');
  try {
    const hash = incrementalHash(algorithm);
    let size = 0;
    await forEachChunk(fd, (chunk) => {
      hash.update(chunk);
      size += chunk.length;
    });
    return { digest: hash.digest(), size };
  } finally {
    closeSync(fd);
  }
}
