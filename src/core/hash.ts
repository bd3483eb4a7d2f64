import { createHash, getHashes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';

/**
 * Hashing, in one place: of content in memory (the state file's managed
 * files, the sample data), of a file streamed in the read stream's chunks
 * (fixture data of any size is never held in memory), and of bytes on their
 * way to disk (a copy is checked against the hash taken when it was read).
 */

/** What Pacifica records in event.json (`hashtype`) and the state file keeps. */
export const DEFAULT_HASH = 'sha1';

/** Whether Node can compute `algorithm` (lower case, as event.json's hashtype is compared). */
export const isSupportedHash = (algorithm: string): boolean =>
  algorithm === DEFAULT_HASH || getHashes().includes(algorithm);

/** The hex digest of `content`. */
export const hashOf = (content: string | Uint8Array, algorithm = DEFAULT_HASH): string =>
  createHash(algorithm).update(content).digest('hex');

/** The hex digest and size of a file, streamed: the file is never held in memory. */
export async function hashFile(file: string, algorithm = DEFAULT_HASH): Promise<{ digest: string; size: number }> {
  const hash = createHash(algorithm);
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: hash.digest('hex'), size };
}

/** A stream that passes bytes through unchanged and hashes them; `digest()` once they have all passed. */
export function hashingPassThrough(algorithm = DEFAULT_HASH): { stream: Transform; digest: () => string } {
  const hash = createHash(algorithm);
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}
