import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { tempDir } from '../helpers/tmp.js';

const isRoot = process.getuid?.() === 0;

/**
 * Runs the built bin as a user whom file modes bind: root ignores them, so
 * as root the command runs as `nobody` (setpriv), in a directory it may use.
 */
export function asUser(argv: string[], cwd: string): SpawnSyncReturns<string> {
  const [file, ...args] = isRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...argv] : argv;
  return spawnSync(file!, args, { cwd, encoding: 'utf8', timeout: 120_000 });
}

export const runUnprivileged = (bin: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
  asUser([process.execPath, bin, ...args], cwd);

/** Runs a line of Node as that user (to make files that are theirs). */
export const nodeAsUser = (script: string, cwd: string): SpawnSyncReturns<string> =>
  asUser([process.execPath, '-e', script], cwd);

/** A temp dir the unprivileged user can write; files made in it are theirs. */
export function sharedDir(): string {
  const dir = tempDir('cpd-perm-');
  chmodSync(dir, 0o777);
  return dir;
}
