/**
 * The only spawner: Python, the virtualenv, pip, git and the generated
 * tests. `new` and `test` run the same steps (see run.ts).
 */

export { formatDuration } from './format.js';
export { type JunitReport, mergeJunitReports } from './junit.js';
export { venvPython } from './python.js';
export {
  DEFAULT_PIP_TIMEOUT_SECONDS,
  DEFAULT_TEST_TIMEOUT_SECONDS,
  EXIT_ENVIRONMENT_FAILED,
  EXIT_TESTS_FAILED,
  EXIT_TESTS_PASSED,
  type Exec,
  formatOutcome,
  type GitOutcome,
  initProjectRepository,
  type PipOptions,
  type RunStage,
  type RunTestsOptions,
  type RunTestsResult,
  readGitIdentity,
  readWorkTreeChanges,
  runProjectTests,
  type TestSummary,
} from './run.js';
export { listTestModules } from './unittest.js';
