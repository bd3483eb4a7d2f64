/**
 * The model of a dispatcher project: its names, routes, state file and
 * managed files, as the SOP and this tool define them, and how an existing
 * project on disk reads.
 */

export {
  eventDir,
  isEnvironmentOrBuildDir,
  isFixtureFile,
  routeDirOf,
  routeFileOf,
  STATE_FILE,
  TEST_FILES,
} from './layout.js';
export { type LoadedProject, loadProject, type ProjectEvent, type ProjectRoute, routerRoutes } from './load.js';
export {
  type ManagedUpdate,
  planManagedUpdate,
  planTemplateUpdate,
  readState,
  refuseConflicts,
  reviewDiff,
  type TemplateUpdate,
} from './managed.js';
export { deriveNames, deriveRouteNames, MAX_NAME_LENGTH, splitWords, validateProjectName } from './naming.js';
export {
  PYTHON_DEPENDENCIES,
  PYTHON_DEV_DEPENDENCIES,
  PYTHON_EXTRAS,
  PYTHON_STACK,
  PYTHON_VERSIONS,
  type PythonStack,
  VERIFIED_CONSTRAINTS,
} from './python-stack.js';
export { NOT_PROJECT_NAMES, nameWords, PACKAGE_NAME, REPOSITORY_NAME } from './residue.js';
export { type ReadRoute, type RouteForm, readRouteText } from './route-form.js';
export {
  DEFAULT_EVENT_TYPE,
  DEFAULT_MIMETYPE,
  defaultKeyValue,
  LOOP_BREAKER_KEY,
  METADATA_DEFAULT_SOURCE,
  PROVENANCE_KEY,
  routeSpec,
  routeText,
  SOP_SOURCE,
} from './routes.js';
export { managedFileHashes, type ProjectState, parseState, StateFileError, serialiseState } from './state.js';
export {
  CI_PROVIDERS,
  normaliseSubdir,
  parseKeyValue,
  validateCiList,
  validateEmail,
  validateEventId,
  validateEventType,
  validateKeyValue,
  validateMimetype,
  validateSource,
  validateSubdir,
} from './validate.js';
