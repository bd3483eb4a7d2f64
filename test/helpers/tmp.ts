import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A fresh directory under the OS temp dir, removed after the test. */
export function tempDir(prefix = 'cpd-'): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** Refuses any path outside the OS temp dir: tests never write elsewhere. */
export function insideTemp(target: string): string {
  const root = realpathSync(tmpdir());
  const resolved = path.resolve(target);
  if (!resolved.startsWith(root + path.sep)) throw new Error(`test refuses to write outside ${root}: ${resolved}`);
  return resolved;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(insideTemp(dir), { recursive: true, force: true });
});
