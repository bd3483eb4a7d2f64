/**
 * `checkProject(dir)`: everything that drifts in a dispatcher project over
 * the years — routes, fixtures, event structure, names — as one report.
 * A library function: the `check` command prints it, `add` may reuse it.
 */
import { loadProject, STATE_FILE } from '../project/index.js';
import { checkConflictMarkers } from './conflicts.js';
import { checkEventStructure } from './events.js';
import { checkEventPresence, checkFixtureData } from './fixtures.js';
import { checkLeftovers } from './leftovers.js';
import { checkNames } from './names.js';
import { type CheckReport, type Problem, problem, sortProblems } from './problems.js';
import { checkRoutes } from './routes.js';
import { checkStaging } from './staging.js';

export {
  type CheckKind,
  type CheckReport,
  formatGithubAnnotation,
  formatProblem,
  formatSummary,
  type Problem,
  type Severity,
} from './problems.js';

/**
 * Checks the project at `dir`. Throws UserError only when `dir` is not a
 * dispatcher project at all; every other finding is a Problem in the report.
 */
export async function checkProject(dir: string): Promise<CheckReport> {
  const project = await loadProject(dir);
  const problems: Problem[] = [...checkRoutes(project)];

  for (const event of project.events) {
    const presence = checkEventPresence(event);
    problems.push(...presence);
    if (presence.length > 0 || event.text === undefined) continue;
    const structure = checkEventStructure(event.eventId, `${event.dir}/event.json`, event.text);
    problems.push(...structure.problems);
    // Without a readable `data` array every data file would look unlisted: one error is enough.
    if (Array.isArray(structure.doc?.data))
      problems.push(...(await checkFixtureData(project.dir, event, structure.files)));
    if (project.state && !event.inState) {
      problems.push(
        problem(
          'warning',
          'fixture',
          event.dir,
          `not listed in ${STATE_FILE}, so the generated route tests do not cover it${event.route !== undefined ? ` (check pairs it with route ${event.route})` : ''}`,
        ),
      );
    }
  }

  problems.push(
    ...(await checkNames(project)),
    ...(await checkLeftovers(project)),
    ...(await checkStaging(project.dir)),
    ...(await checkConflictMarkers(project)),
  );
  const sorted = sortProblems(problems);
  return {
    ok: !sorted.some((p) => p.severity === 'error'),
    project: project.names.repository,
    routes: project.routes.length,
    events: project.events.length,
    problems: sorted,
  };
}
