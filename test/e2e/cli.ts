import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const createBin = path.join(repoRoot, 'bin/create-pacifica-dispatcher.js');
export const dispatcherBin = path.join(repoRoot, 'bin/pacifica-dispatcher.js');

/** Runs a bin of the built package as a user would, without a terminal. */
export function run(
  bin: string,
  args: string[],
  options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv },
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 120_000,
  });
}
