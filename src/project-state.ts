import { createHash } from 'node:crypto';
import type { CiAnswers, FileMap, FixtureEvent, RouteSpec } from './types.js';

/**
 * `.pacifica-dispatcher.json` at the project root: what the generator was
 * told and which files it manages, with the sha1 of what it wrote, so later
 * commands change a project without re-asking and never overwrite an edit.
 */
export const STATE_FILE = '.pacifica-dispatcher.json';

export interface ProjectState {
  generator: 'create-pacifica-dispatcher';
  version: string;
  projectName: string;
  description: string;
  author: string;
  authorEmail: string;
  ci: CiAnswers;
  routes: RouteSpec[];
  events: Pick<FixtureEvent, 'eventId' | 'route'>[];
  /** POSIX path -> sha1 of the content the generator wrote. */
  managedFiles: Record<string, string>;
}

export const sha1Of = (content: string | Uint8Array): string => createHash('sha1').update(content).digest('hex');

/** sha1 of every generated text file (data files are checked by `check` instead). */
export function managedFileHashes(files: FileMap): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [file, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (typeof content === 'string' && !file.startsWith('tests/test_files/')) hashes[file] = sha1Of(content);
  }
  return hashes;
}

export const serialiseState = (state: ProjectState): string => `${JSON.stringify(state, null, 2)}\n`;
