import { createHash, getHashes } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';

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
 * read and hash call vanishes (64 KiB chunks spent more time in the stream
 * machinery than in SHA-1), small enough that many files can be in flight.
 */
export const FILE_CHUNK = 1024 * 1024;

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
 * costs a page fault per 4 KiB the first time it is filled, which came to
 * a fifth of the time of copying a fixture. As many are kept as a copy or
 * hashing run has in flight.
 */
const spareChunks: Buffer[] = [];
const MAX_SPARE_CHUNKS = 32;

const takeChunk = (): Buffer => spareChunks.pop() ?? Buffer.allocUnsafeSlow(FILE_CHUNK);
const giveBack = (chunk: Buffer): void => {
  if (spareChunks.length < MAX_SPARE_CHUNKS) spareChunks.push(chunk);
};

/**
 * Reads an open file to its end in chunks, handing each to `use` (which
 * must be done with it when its promise settles) while the next chunk is
 * being read, so the read of one chunk overlaps the hashing (and writing) of
 * the one before. Only two chunks are ever in memory. Stops with
 * `shouldStop`'s error when it throws between chunks.
 */
export async function forEachChunk(
  input: FileHandle,
  use: (chunk: Buffer) => Promise<void> | void,
  shouldStop: () => void = () => {},
): Promise<void> {
  let current = takeChunk();
  let spare = takeChunk();
  const readInto = (buffer: Buffer): Promise<{ bytesRead: number }> => input.read(buffer, 0, buffer.length, null);
  let reading = readInto(current);
  try {
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) return;
      shouldStop();
      const chunk = current.subarray(0, bytesRead);
      [current, spare] = [spare, current];
      reading = readInto(current);
      await use(chunk);
    }
  } finally {
    // A read still in flight when `use` failed: settle it, so it is neither unhandled nor racing a close.
    await reading.then(
      () => undefined,
      () => undefined,
    );
    giveBack(current);
    giveBack(spare);
  }
}

/** The hex digest and size of a file, read in chunks: the file is never held in memory. */
export async function hashFile(file: string, algorithm = DEFAULT_HASH): Promise<{ digest: string; size: number }> {
  const input = await open(file, 'r');
  try {
    const hash = incrementalHash(algorithm);
    let size = 0;
    await forEachChunk(input, (chunk) => {
      hash.update(chunk);
      size += chunk.length;
    });
    return { digest: hash.digest(), size };
  } finally {
    await input.close();
  }
}
