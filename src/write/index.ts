/**
 * The only writer of project files: a whole project or a change to one goes
 * to disk through a journaled staging directory under the project's lock,
 * so an interrupted write leaves the old state or the new one, never a mix.
 */

export { LOCK_FILE } from './lock.js';
export { saveAnswers } from './saved-answers.js';
export { withScratchDir, writeReport, writeScratchFiles } from './scratch.js';
export { isAlive, listStaging, STAGING_PATTERN, type StagingEntry } from './staging.js';
export {
  assertContained,
  assertWritableTarget,
  listDirectory,
  lockedProject,
  type Notify,
  updateProject,
  writeProject,
} from './write.js';
