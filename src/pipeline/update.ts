import path from 'node:path';
import { UserError } from '../core/errors.js';
import { readTextIfPresent } from '../core/fs.js';
import type { Io } from '../core/io.js';
import type { FileMap } from '../core/types.js';
import { compareVersions, TOOL_VERSION } from '../core/version.js';
import {
  deriveNames,
  type ProjectState,
  planTemplateUpdate,
  readState,
  reviewDiff,
  STATE_FILE,
  serialiseState,
  type TemplateUpdate,
} from '../project/index.js';
import { currentTemplates, templatesOf } from '../render/index.js';
import { lockedProject, updateProject } from '../write/index.js';
import { managedFiles, projectYear } from './plan.js';

/**
 * `update`: the project re-rendered from its state by this version of the
 * tool, merged three ways into what is on disk (project/managed.ts
 * planTemplateUpdate): base = what the version that made or last updated
 * the project rendered (its templates ship with this tool, in
 * templates/releases/), ours = the files now, theirs = this version's
 * render. Routes, events and fixtures come from the state and the disk as
 * they are, so what `add` made and what `handle()` holds survive.
 */

export interface UpdateOptions {
  /** Update a dirty git work tree. */
  force?: boolean;
  /** Plan and show the diff; write nothing. */
  dryRun?: boolean;
}

export interface UpdateResult extends Omit<TemplateUpdate, 'writes' | 'managedFiles'> {
  from: string;
  to: string;
  /** Files written (or, with --dry-run, that would be), the state file among them. */
  written: string[];
  /** Whether this tool had the templates of the version the project was made with. */
  baseFound: boolean;
  /** With --dry-run: the unified diff of every change. */
  diff?: string;
  /** Not in a git work tree (or git is missing): nothing to review the update with but --dry-run. */
  outsideGit: boolean;
}

async function refuseDirtyTree(dir: string, force: boolean, io: Io): Promise<boolean> {
  const { readWorkTreeChanges } = await import('../runner/index.js');
  const changes = await readWorkTreeChanges(dir, io);
  if (changes === undefined) return true;
  if (changes.length > 0 && !force) {
    const shown = changes.slice(0, 10).map((line) => `  ${line}`);
    if (changes.length > shown.length) shown.push(`  … and ${changes.length - shown.length} more`);
    throw new UserError(
      `The project's git work tree has uncommitted changes:\n${shown.join('\n')}\nAn update on top of them could not be told apart from them, nor undone with git.`,
      'Commit or stash them first (then `git diff` shows the update alone), or run again with --force.',
    );
  }
  return false;
}

/** The unified diff from the disk to the update, file by file. */
async function diffOf(dir: string, writes: FileMap, removals: string[]): Promise<string> {
  const parts: string[] = [];
  for (const [relative, content] of [...writes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = (await readTextIfPresent(path.join(dir, ...relative.split('/')))) ?? '';
    parts.push(await reviewDiff(before, String(content), `a/${relative}`, `b/${relative}`));
  }
  for (const relative of removals) {
    const before = (await readTextIfPresent(path.join(dir, ...relative.split('/')))) ?? '';
    parts.push(await reviewDiff(before, '', `a/${relative}`, '/dev/null'));
  }
  return parts.join('');
}

/** Plans the update of the project in `dir` and writes it (unless a dry run), holding the project's lock. */
export async function updateProjectFiles(dir: string, options: UpdateOptions, io: Io): Promise<UpdateResult> {
  await readState(dir); // Not a managed project: say so before anything else.
  // A dry run writes nothing, so uncommitted changes cannot be mixed with it.
  const outsideGit = await refuseDirtyTree(dir, (options.force ?? false) || (options.dryRun ?? false), io);
  return lockedProject(
    dir,
    (message) => io.stderr.write(`⚠ ${message}\n`),
    async () => {
      const state = await readState(dir);
      if (compareVersions(state.version, TOOL_VERSION) > 0) {
        throw new UserError(
          `The project was made or last updated by create-pacifica-dispatcher ${state.version}, newer than this one (${TOOL_VERSION}).`,
          `Run the newer version: npx -p create-pacifica-dispatcher@${state.version} pacifica-dispatcher update`,
        );
      }
      const names = deriveNames(state.projectName);
      const year = await projectYear(names, state, await readTextIfPresent(path.join(dir, 'LICENSE')));
      const baseSet = templatesOf(state.version);
      const base = baseSet === undefined ? undefined : await managedFiles(names, { ...state, year }, year, baseSet);
      const next: ProjectState = { ...state, version: TOOL_VERSION, year };
      const theirs = await managedFiles(names, next, year, currentTemplates());
      const plan = await planTemplateUpdate(dir, state, base, theirs, {
        ours: 'yours',
        theirs: `create-pacifica-dispatcher ${TOOL_VERSION}`,
      });
      const stateText = serialiseState({ ...next, managedFiles: plan.managedFiles });
      if ((await readTextIfPresent(path.join(dir, STATE_FILE))) !== stateText) plan.writes.set(STATE_FILE, stateText);
      const { writes, managedFiles: _recorded, ...report } = plan;
      const result: UpdateResult = {
        ...report,
        from: state.version,
        to: TOOL_VERSION,
        written: [...writes.keys()].sort(),
        baseFound: baseSet !== undefined,
        outsideGit,
      };
      if (options.dryRun) return { ...result, diff: await diffOf(dir, writes, plan.removals) };
      if (writes.size > 0 || plan.removals.length > 0) await updateProject(dir, writes, { remove: plan.removals });
      return result;
    },
  );
}
