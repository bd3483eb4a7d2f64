/**
 * What an interrupted write left in the project: a staging directory of
 * this tool (with a journal when it was killed mid-commit) or a lock file.
 * `check` only reports them; the next command that writes the project
 * (`add`, `new --force`) undoes or removes them first (write/staging.ts).
 */
import path from 'node:path';
import { readTextIfPresent } from '../core/fs.js';
import { isAlive, LOCK_FILE, listStaging } from '../write/index.js';
import { type Problem, problem } from './problems.js';

const RERUN = 'run the interrupted command again: before anything else it';

export async function checkStaging(dir: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const entry of await listStaging(dir)) {
    if (entry.alive) {
      problems.push(
        problem(
          'warning',
          'write',
          entry.name,
          `process ${entry.pid} is writing this project right now; check again when it has finished`,
        ),
      );
    } else if (entry.journal) {
      problems.push(
        problem(
          'error',
          'write',
          entry.name,
          `a write into this project was interrupted (process ${entry.pid} was stopped while moving files into place): old and new files are mixed; ${RERUN} puts the old files back`,
        ),
      );
    } else {
      problems.push(
        problem(
          'warning',
          'write',
          entry.name,
          `left by an interrupted run (process ${entry.pid}); none of it was moved into place: delete it, or ${RERUN} removes it`,
        ),
      );
    }
  }
  const holder = Number.parseInt((await readTextIfPresent(path.join(dir, LOCK_FILE))) ?? '', 10);
  if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
    problems.push(
      problem(
        'warning',
        'write',
        LOCK_FILE,
        `lock of process ${holder}, which is gone; the next command that writes this project takes it over`,
      ),
    );
  }
  return problems;
}
