/** The pipeline: answers in, a proven project (new or changed) out. */
export { type AddResult, addFixture, addRoute } from './add.js';
export { type AdoptFinding, type AdoptOptions, type AdoptResult, adoptProject, fixable } from './adopt.js';
export { answersFromFlags, type Flags, finaliseAnswers, type PartialAnswers } from './answers.js';
export { type CreateResult, createProject } from './create.js';
export { gatherAnswers } from './gather.js';
export {
  rowPassed,
  runSmoke,
  type SmokeOptions,
  type SmokeResult,
  type SmokeRow,
  selectSmokeProjects,
} from './smoke.js';
export { type UpdateOptions, type UpdateResult, updateProjectFiles } from './update.js';
