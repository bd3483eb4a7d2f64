import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_CHUNK, hashFile } from '../../src/core/hash.js';
import { tempDir } from '../helpers/tmp.js';

describe('hashFile', () => {
  it('gives the sha1 that sha1sum gives and the size that wc -c gives', async () => {
    const file = path.join(tempDir(), 'data.bin');
    writeFileSync(file, Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 256)));
    const { digest: sha1, size } = await hashFile(file);
    expect(sha1).toBe(execFileSync('sha1sum', [file], { encoding: 'utf8' }).split(' ')[0]);
    expect(size).toBe(Number(execFileSync('wc', ['-c', file], { encoding: 'utf8' }).trim().split(' ')[0]));
  });

  it('gives what sha1sum gives for an empty file and for files of one chunk, a chunk and a byte, and several', async () => {
    const dir = tempDir();
    for (const size of [0, FILE_CHUNK, FILE_CHUNK + 1, 3.5 * FILE_CHUNK]) {
      const file = path.join(dir, `data-${size}.bin`);
      writeFileSync(file, Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) % 251)));
      const { digest: sha1, size: read } = await hashFile(file);
      expect(sha1).toBe(execFileSync('sha1sum', [file], { encoding: 'utf8' }).split(' ')[0]);
      expect(read).toBe(size);
    }
  });
});
