/**
 * Fixture drift: the data files of an event against what its event.json
 * says of them. Real dispatchers were seen with every size and sha1 wrong
 * (FIELD-NOTES), because nothing upstream ever compares them.
 */
import { createHash, getHashes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { guessMimetype, hashFile } from '../fixtures.js';
import type { ProjectEvent } from '../project.js';
import { STATE_FILE } from '../project-state.js';
import type { ListedFile } from './events.js';
import { type Problem, problem } from './problems.js';

/**
 * Every regular file under `dir`, as POSIX paths relative to it. A link to
 * a file counts as the file; a link to a directory is not entered, so a
 * link loop cannot hang the check.
 */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path.join(dir, relative)).catch(() => undefined))?.isFile())) out.push(relative);
  }
  return out;
}

/** The digest of a file with any algorithm Node knows, streamed. */
async function digestFile(file: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Whether the event's directory and event.json exist; the first fixture problems, before the data. */
export function checkEventPresence(event: ProjectEvent): Problem[] {
  if (!event.exists) return [problem('error', 'fixture', event.dir, `${STATE_FILE} lists this event, but its directory does not exist`)];
  if (event.text === undefined) return [problem('error', 'fixture', `${event.dir}/event.json`, 'missing: every test event needs its CloudEvents notification here')];
  return [];
}

/**
 * Compares each listed Files item with the file on disk (existence, size,
 * hash, mimetype) and reports data files that event.json does not list.
 */
export async function checkFixtureData(root: string, event: ProjectEvent, listed: readonly ListedFile[]): Promise<Problem[]> {
  const dataDir = path.join(root, event.dir, 'data');
  const problems: Problem[] = [];
  const onDisk = new Set(await listFiles(dataDir));
  for (const item of listed) {
    const file = `${event.dir}/data/${item.path}`;
    const report = (severity: 'error' | 'warning', message: string): void => void problems.push(problem(severity, 'fixture', file, message));
    if (!onDisk.has(item.path)) {
      report('error', `listed in event.json${item.line !== undefined ? ` (line ${item.line})` : ''} but missing: restore it, or remove its Files item`);
      continue;
    }
    const absolute = path.join(dataDir, ...item.path.split('/'));
    const algorithm = (item.hashtype ?? 'sha1').toLowerCase();
    const supported = algorithm === 'sha1' || getHashes().includes(algorithm);
    const { sha1, size } = await hashFile(absolute);
    if (item.size !== undefined && size !== item.size) report('error', `size ${size} differs from event.json (${item.size})`);
    if (item.hashsum !== undefined && !supported) {
      report('warning', `hashsum not verified: Node has no "${item.hashtype}" hash`);
    } else if (item.hashsum !== undefined) {
      const actual = algorithm === 'sha1' ? sha1 : await digestFile(absolute, algorithm);
      if (actual !== item.hashsum.toLowerCase()) report('error', `${algorithm} ${actual} differs from event.json (${item.hashsum})`);
    }
    const expected = guessMimetype(item.name);
    if (item.mimetype !== undefined && item.mimetype !== expected) {
      report('warning', `mimetype "${item.mimetype}" in event.json, but Pacifica records "${expected}" for this name (Python's mimetypes.guess_type)`);
    }
  }
  const listedPaths = new Set(listed.map((item) => item.path));
  for (const file of onDisk) {
    if (!listedPaths.has(file)) {
      problems.push(problem('error', 'fixture', `${event.dir}/data/${file}`, 'not listed in event.json: add a Files item for it (size, sha1, mimetype), or delete it'));
    }
  }
  return problems;
}
