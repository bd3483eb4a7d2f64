/**
 * Fixture drift: the data files of an event against what its event.json
 * says of them. Real dispatchers were seen with every size and sha1 wrong
 * (FIELD-NOTES), because nothing upstream ever compares them.
 */
import path from 'node:path';
import { fsProblem } from '../core/fs.js';
import { DEFAULT_HASH, hashFile, isSupportedHash } from '../core/hash.js';
import { guessMimetype, walkFixtureTree } from '../fixtures/index.js';
import type { ProjectEvent } from '../project/index.js';
import { STATE_FILE } from '../project/index.js';
import type { ListedFile } from './events.js';
import { type Problem, problem } from './problems.js';

/** Whether the event's directory and event.json exist; the first fixture problems, before the data. */
export function checkEventPresence(event: ProjectEvent): Problem[] {
  if (!event.exists)
    return [problem('error', 'fixture', event.dir, `${STATE_FILE} lists this event, but its directory does not exist`)];
  if (event.unreadable !== undefined) return [problem('error', 'fixture', `${event.dir}/event.json`, event.unreadable)];
  if (event.text === undefined)
    return [
      problem(
        'error',
        'fixture',
        `${event.dir}/event.json`,
        'missing: every test event needs its CloudEvents notification here',
      ),
    ];
  return [];
}

/**
 * Compares each listed Files item with the file on disk (existence, size,
 * hash, mimetype) and reports data files that event.json does not list.
 */
export async function checkFixtureData(
  root: string,
  event: ProjectEvent,
  listed: readonly ListedFile[],
): Promise<Problem[]> {
  const dataDir = path.join(root, event.dir, 'data');
  const problems: Problem[] = [];
  // The rules `new` applies to fixture data (links, loops, FIFOs), so what
  // it would refuse, check reports.
  const tree = await walkFixtureTree(dataDir);
  const shown = (file: string): string => path.relative(root, file).split(path.sep).join('/') || '.';
  for (const found of tree.problems)
    problems.push(problem('error', 'fixture', shown(found.path), `${found.message} ${found.hint}`));
  for (const warning of tree.warnings) problems.push(problem('warning', 'fixture', `${event.dir}/data`, warning));
  const onDisk = new Set(tree.files);
  for (const item of listed) {
    const file = `${event.dir}/data/${item.path}`;
    const report = (severity: 'error' | 'warning', message: string): void =>
      void problems.push(problem(severity, 'fixture', file, message));
    if (!onDisk.has(item.path)) {
      report(
        'error',
        `listed in event.json${item.line !== undefined ? ` (line ${item.line})` : ''} but missing: restore it, or remove its Files item`,
      );
      continue;
    }
    const absolute = path.join(dataDir, ...item.path.split('/'));
    const algorithm = (item.hashtype ?? DEFAULT_HASH).toLowerCase();
    const supported = isSupportedHash(algorithm);
    // One read gives the size and the digest event.json can be checked against.
    const hashedWith = item.hashsum !== undefined && supported ? algorithm : DEFAULT_HASH;
    const hashed = await hashFile(absolute, hashedWith).catch((error: unknown) => {
      const unreadable = fsProblem(absolute, error);
      if (unreadable === undefined) throw error;
      report('error', `${unreadable.message} ${unreadable.hint ?? ''}`.trim());
      return undefined;
    });
    if (hashed === undefined) continue;
    const { digest: actual, size } = hashed;
    if (item.size !== undefined && size !== item.size)
      report('error', `size ${size} differs from event.json (${item.size})`);
    if (item.hashsum !== undefined && !supported) {
      report('warning', `hashsum not verified: Node has no "${item.hashtype}" hash`);
    } else if (item.hashsum !== undefined && actual !== item.hashsum.toLowerCase()) {
      report('error', `${algorithm} ${actual} differs from event.json (${item.hashsum})`);
    }
    const expected = guessMimetype(item.name);
    if (item.mimetype !== undefined && item.mimetype !== expected) {
      report(
        'warning',
        `mimetype "${item.mimetype}" in event.json, but Pacifica records "${expected}" for this name (Python's mimetypes.guess_type)`,
      );
    }
  }
  const listedPaths = new Set(listed.map((item) => item.path));
  for (const file of onDisk) {
    if (!listedPaths.has(file)) {
      problems.push(
        problem(
          'error',
          'fixture',
          `${event.dir}/data/${file}`,
          'not listed in event.json: add a Files item for it (size, sha1, mimetype), or delete it',
        ),
      );
    }
  }
  return problems;
}
