import type { FileMap, Names } from '../core/types.js';
import {
  managedFileHashes,
  type ProjectState,
  planManagedUpdate,
  refuseConflicts,
  STATE_FILE,
  serialiseState,
} from '../project/index.js';
import { addEventFiles, managedFiles, type PlannedEvent } from './plan.js';

/** A change of a project's state, proven: what `new` makes and `add` (next `update`) changes. */
export interface Change {
  names: Names;
  /** The project as it is on disk; absent for a new one. */
  before?: { dir: string; state: ProjectState; force: boolean };
  after: Omit<ProjectState, 'managedFiles'>;
  /** The events the change adds, with their data. */
  events: PlannedEvent[];
}

/**
 * The files a change writes. A new project gets every managed file; an
 * existing one the managed files that change, with the user's edits kept
 * (project/managed.ts) or the change refused. Both get the new events'
 * files and the state file that records it all.
 */
export async function planChange(change: Change): Promise<{ files: FileMap; merged: string[] }> {
  const { names, before, after, events } = change;
  // `add` gives a state with the year set (pipeline/add.ts), `new` one of this year.
  const year = after.year ?? new Date().getFullYear();
  const rendered = await managedFiles(names, after, year);
  let files = rendered;
  let managed = managedFileHashes(rendered);
  let merged: string[] = [];
  if (before !== undefined) {
    const update = await planManagedUpdate(
      before.dir,
      before.state,
      await managedFiles(names, before.state, year),
      rendered,
      before.force,
    );
    refuseConflicts(update);
    ({ writes: files, managedFiles: managed, merged } = update);
  }
  addEventFiles(files, events);
  files.set(STATE_FILE, serialiseState({ ...after, managedFiles: managed }));
  return { files, merged };
}
