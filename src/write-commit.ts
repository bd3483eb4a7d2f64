import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './errors.js';

/**
 * Placing staged files into an existing directory, all or nothing: every
 * file it replaces is first moved aside, and any failure puts everything
 * back. Used by write.ts only.
 */

const lstatOrUndefined = (file: string) => lstat(file).catch(() => undefined);

/**
 * Refuses, before anything moves, a write that would go through a symbolic
 * link (possibly out of the project) or put a file where a directory is,
 * or the other way round.
 */
export async function assertPlaceable(dir: string, relatives: Iterable<string>): Promise<void> {
  const checked = new Set<string>();
  for (const relative of relatives) {
    const parts = relative.split('/');
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const prefix = parts.slice(0, depth).join('/');
      if (checked.has(prefix)) continue;
      checked.add(prefix);
      const stats = await lstatOrUndefined(path.join(dir, ...parts.slice(0, depth)));
      if (stats === undefined) break;
      const isLast = depth === parts.length;
      if (stats.isSymbolicLink()) {
        throw new UserError(`"${prefix}" in "${dir}" is a symbolic link; the project will not be written through it.`, 'Remove the link, or choose another directory.');
      }
      if (isLast && stats.isDirectory()) {
        throw new UserError(`"${prefix}" in "${dir}" is a directory, where the project has a file.`, 'Move it away, or choose another directory.');
      }
      if (!isLast && !stats.isDirectory()) {
        throw new UserError(`"${prefix}" in "${dir}" is a file, where the project has a directory.`, 'Move it away, or choose another directory.');
      }
    }
  }
}

interface Step {
  undo: () => Promise<void>;
}

/** Creates each missing directory on the way to `target`, recording how to undo it. */
async function makeParents(dir: string, relative: string, steps: Step[]): Promise<void> {
  const parts = relative.split('/').slice(0, -1);
  for (let depth = 1; depth <= parts.length; depth += 1) {
    const sub = path.join(dir, ...parts.slice(0, depth));
    if (await lstatOrUndefined(sub)) continue;
    await mkdir(sub);
    steps.push({ undo: () => rm(sub, { recursive: true, force: true }) });
  }
}

/**
 * Moves each staged file to `dir/relative`. A file it replaces goes to
 * `backupDir` first; on failure every step is undone in reverse order.
 */
export async function commitInto(dir: string, staged: { relative: string; temporary: string }[], backupDir: string): Promise<void> {
  const steps: Step[] = [];
  try {
    await mkdir(backupDir, { recursive: true });
    for (const [index, { relative, temporary }] of staged.entries()) {
      const target = path.join(dir, ...relative.split('/'));
      await makeParents(dir, relative, steps);
      if (await lstatOrUndefined(target)) {
        const backup = path.join(backupDir, String(index));
        await rename(target, backup);
        steps.push({ undo: () => rename(backup, target) });
      }
      await rename(temporary, target);
      steps.push({ undo: () => rm(target, { force: true }) });
    }
  } catch (error) {
    for (const step of steps.reverse()) await step.undo().catch(() => undefined);
    throw error;
  }
}
