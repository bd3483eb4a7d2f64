/**
 * `adopt`: takes a dispatcher made by hand (a fork of
 * pacifica-dispatcher-example, with whatever the SOP's steps left in it)
 * under management. It reads what the project is (project/load.ts reads
 * the layout; adopt-detect.ts the metadata; project/route-form.ts each
 * route's spec), writes the state file, and reports what does not follow
 * the SOP, with the fixes that are mechanical and safe; `--yes` applies
 * them in the same atomic commit. Every file the templates render that the
 * project has counts as the user's own edit of the render, so `update`
 * merges into it instead of replacing it.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { lstatIfPresent, readTextIfPresent, statIfPresent } from '../core/fs.js';
import type { Io } from '../core/io.js';
import { plural } from '../core/plural.js';
import type { FileMap, Names, RouteSpec } from '../core/types.js';
import { TOOL_VERSION } from '../core/version.js';
import {
  deriveRouteNames,
  type LoadedProject,
  loadProject,
  managedFileHashes,
  type ProjectRoute,
  type ProjectState,
  parseState,
  type ReadRoute,
  readRouteText,
  routeDirOf,
  routeText,
  STATE_FILE,
  StateFileError,
  serialiseState,
  splitWords,
  validateEventId,
} from '../project/index.js';
import { listStaging, lockedProject, updateProject } from '../write/index.js';
import {
  detectAuthor,
  detectCi,
  detectDescription,
  detectProjectName,
  detectYear,
  type Found,
  readMetadataSources,
} from './adopt-detect.js';
import { otherProjectNames, readCodeFiles, type Substitution, substitute } from './adopt-residue.js';
import { managedFiles } from './plan.js';

export interface AdoptOptions {
  /** Apply the fixes (else only the state file is written). */
  yes?: boolean;
  /** Write nothing; say what would be written. */
  dryRun?: boolean;
  now?: Date;
}

/** Something that does not follow the SOP. */
export interface AdoptFinding {
  /** POSIX path relative to the project. */
  file: string;
  message: string;
  /** What `--yes` does about it; absent when no mechanical fix is safe. */
  fix?: string;
}

export interface AdoptPlan {
  names: Names;
  state: ProjectState;
  /** What was detected and where from, one line each. */
  facts: string[];
  findings: AdoptFinding[];
  /** Whether the fixes are in `writes` and `removals`. */
  fixesApplied: boolean;
  /** Every file the commit writes: the state file, and the fixes' files when they are applied. */
  writes: FileMap;
  /** Files the fixes move away from (the old name of a renamed file). */
  removals: string[];
}

export interface AdoptResult extends AdoptPlan {
  /** False for a dry run. */
  written: boolean;
  /** The project had the state file an earlier `adopt` (without --yes) wrote, unchanged since. */
  again: boolean;
}

const join = (dir: string, relative: string): string => path.join(dir, ...relative.split('/'));
const classesIn = (text: string): string[] =>
  [...text.matchAll(/^[ \t]*class[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm)].map((match) => match[1] as string);
const said = (found: Found<unknown>): string => (found.fallback ? `(${found.from})` : `from ${found.from}`);
const lowerWords = (name: string): string[] => splitWords(name).map((word) => word.toLowerCase());

/** Refuses what is not a dispatcher made from the example: the package needs its router. */
async function loadDispatcher(dir: string): Promise<LoadedProject> {
  const project = await loadProject(dir, { ignoreState: true });
  const router = `${project.packageDir}/router.py`;
  if (!(await statIfPresent(join(project.dir, router)))?.isFile()) {
    throw new UserError(
      `"${dir}" is not a Pacifica dispatcher: ${router} is missing (the router that hands each event to a handler).`,
      'Run adopt in a dispatcher made from pacifica-dispatcher-example (pacifica/dispatcher_<name>/router.py and its jsonpath2/ routes), or pass its directory.',
    );
  }
  if (project.routes.length === 0) {
    throw new UserError(
      `${router} adds no route that reads a file of ${routeDirOf(project.packageDir)}/, so there is nothing to route.`,
      `Add its route as the SOP does (router.add_route(Path.parse_file(...'jsonpath2', '<name>.txt')...), <Name>EventHandler(...))), then run adopt again.`,
    );
  }
  return project;
}

/** A route the router reads, with the text of its file (adopt needs them all). */
function routeTextOf(route: ProjectRoute, router: string): string {
  if (route.text !== undefined) return route.text;
  throw new UserError(
    route.unreadable !== undefined
      ? `Route file ${route.file} cannot be read: ${route.unreadable}`
      : `Route file ${route.file} is missing, but ${router} routes events to it.`,
    'Restore the file (e.g. from version control) or remove its add_route call, then run adopt again.',
  );
}

interface PlannedRoute {
  route: ProjectRoute;
  read: ReadRoute;
  /** Its handler class: router.py's, or the one the SOP would give it when router.py names none. */
  handlerClass: string;
  /** Its name after the fixes (the same as before without them). */
  finalName: string;
}

/**
 * The fixture events the state file lists, each with its route (under its
 * name after the fixes); the reasons the others are left out, and the fix
 * of an eventID that is not its directory's name, go to `findings` and
 * `fixWrites`.
 */
function adoptEvents(
  project: LoadedProject,
  finalName: (routeName: string) => string,
  findings: AdoptFinding[],
  fixWrites: FileMap,
): ProjectState['events'] {
  const events: ProjectState['events'] = [];
  for (const event of project.events) {
    const file = `${event.dir}/event.json`;
    const idProblem = validateEventId(event.eventId);
    if (idProblem !== undefined) {
      findings.push({ file: event.dir, message: `is not listed in the state file: ${idProblem}` });
      continue;
    }
    if (event.text === undefined) {
      findings.push({ file: event.dir, message: 'has no event.json, so it is not listed in the state file' });
      continue;
    }
    if (event.route === undefined) {
      findings.push({
        file,
        message: 'no route matches it, so it is not listed in the state file (no generated test covers it)',
      });
      continue;
    }
    events.push({ eventId: event.eventId, route: finalName(event.route) });
    const ids = [...event.text.matchAll(/"eventID"\s*:\s*"((?:[^"\\]|\\.)*)"/g)];
    const stated = ids[0]?.[1];
    if (ids.length === 1 && stated !== undefined && stated !== event.eventId) {
      findings.push({
        file,
        message: `its eventID "${stated}" differs from its directory's name; the SOP names each event's directory after its eventID`,
        fix: `set its eventID to "${event.eventId}" (the directory, which the tests read, keeps its name)`,
      });
      fixWrites.set(
        file,
        event.text.replace(/("eventID"\s*:\s*)"(?:[^"\\]|\\.)*"/, `$1${JSON.stringify(event.eventId)}`),
      );
    }
  }
  return events;
}

/**
 * A hand-made project's README and LICENSE are its own words: under
 * management only when they are exactly what the template renders (a
 * generated project whose state file was lost), so `update` never rewrites
 * a README or a licence someone wrote.
 */
const OWN_WORDS = new Set(['README.md', 'LICENSE']);

/**
 * The files of the render that come under management: those the project
 * has (after the fixes `writes` and `removals` make), as the user's own
 * edit of the render; its own words and licence only when they are the
 * template's to the byte.
 */
async function underManagement(root: string, rendered: FileMap, writes: FileMap, removals: string[]): Promise<FileMap> {
  const present: FileMap = new Map();
  for (const [file, content] of rendered) {
    if (OWN_WORDS.has(file) && (await readTextIfPresent(join(root, file))) !== content) continue;
    const there = writes.has(file) || (!removals.includes(file) && (await lstatIfPresent(join(root, file)))?.isFile());
    if (there) present.set(file, content);
  }
  return present;
}

/** Plans the adoption of the project in `dir` (nothing is written); `yes` puts the fixes in. */
export async function planAdoption(dir: string, yes: boolean, now: Date): Promise<AdoptPlan> {
  const project = await loadDispatcher(dir);
  const root = project.dir;
  const { packageDir } = project;
  const router = `${packageDir}/router.py`;
  const handlersFile = `${packageDir}/event_handlers.py`;
  const defined = classesIn((await readTextIfPresent(join(root, handlersFile))) ?? '');
  const sources = await readMetadataSources(root);
  const { names, found: nameFound, mismatched } = detectProjectName(packageDir, sources, defined);
  const description = detectDescription(names, sources);
  const { author, authorEmail } = detectAuthor(sources);
  const ci = await detectCi(root);
  const year = await detectYear(root, now);

  const facts: string[] = [
    `project name  "${nameFound.value}" ${said(nameFound)}${mismatched.length > 0 ? `; ${mismatched.join(', ')} ${mismatched.length === 1 ? 'gives' : 'give'} another package than ${packageDir}` : ''}`,
    `description   "${description.value}" ${said(description)}`,
    `author        ${author.value === '' ? '(none)' : `"${author.value}"`} ${said(author)}, email ${authorEmail.value === '' ? '(none)' : authorEmail.value} ${said(authorEmail)}`,
    `CI            ${ci.from}`,
    `year          ${year.value} ${said(year)}`,
  ];
  const findings: AdoptFinding[] = [];
  const writes: FileMap = new Map();
  const removals: string[] = [];

  // The routes, in router order, as their files say.
  const planned: PlannedRoute[] = project.routes.map((route, index) => {
    if (!/^[a-z0-9_]+$/.test(route.name)) {
      throw new UserError(
        `Route file ${route.file} is not named in snake_case, as the SOP and this tool name routes.`,
        `Rename it (e.g. to ${lowerWords(route.name).join('_') || 'main'}.txt) and its reference in ${router}, then run adopt again.`,
      );
    }
    // The names `new` and `add route` give.
    const handlerClass =
      route.handlerClass ?? (index === 0 ? names.handlerClass : deriveRouteNames(route.name).handlerClass);
    if (route.handlerClass === undefined)
      findings.push({
        file: router,
        message: `names no …EventHandler class for route ${route.name}; the state file records ${handlerClass}`,
      });
    const read = readRouteText(routeTextOf(route, router), { name: route.name, handlerClass }, names.repository);
    return { route, read, handlerClass, finalName: route.name };
  });

  const sharing = planned.findIndex(
    (route, index) => planned.findIndex((other) => other.handlerClass === route.handlerClass) !== index,
  );
  if (sharing >= 0) {
    const { route, handlerClass } = planned[sharing] as PlannedRoute;
    const first = (planned.find((other) => other.handlerClass === handlerClass) as PlannedRoute).route;
    throw new UserError(
      `Routes ${first.name} and ${route.name} of ${router} share the handler class ${handlerClass}, but the state file gives each route its own (as \`new\` and \`add route\` make them).`,
      `Give route ${route.name} a class of its own in ${handlersFile} and ${router} (e.g. \`class ${deriveRouteNames(route.name).handlerClass}(${handlerClass})\`), then run adopt again.`,
    );
  }
  // The SOP's own route is named after the project; a fork renamed by hand may still have the example's.
  const routeDir = routeDirOf(packageDir);
  const main = planned[0] as PlannedRoute;
  const ownRouteFile = `${routeDir}/${names.routeFile}`;
  const renameRoute =
    !planned.some(({ route }) => route.name === names.snake) &&
    (await lstatIfPresent(join(root, ownRouteFile))) === undefined;
  const oldHandler = main.handlerClass;
  const renameHandler = renameRoute && oldHandler !== names.handlerClass && !defined.includes(names.handlerClass);
  const extraOthers = [
    ...(renameRoute ? [lowerWords(main.route.name)] : []),
    ...(renameHandler ? [lowerWords(oldHandler.slice(0, -'EventHandler'.length))] : []),
  ];

  // Another project's names in code and configuration.
  // A second package directory (a copy's leftover) is another project's code: `check` reports it whole.
  const texts = new Map(
    [...(await readCodeFiles(root))].filter(
      ([file]) => !project.packageDirs.some((dir) => dir !== packageDir && file.startsWith(`${dir}/`)),
    ),
  );
  const others = otherProjectNames(texts.values(), names, extraOthers);
  const testFile = `tests/${names.testFile}`;
  const definesOwnTest = [...texts.values()].some((text) => classesIn(text).includes(names.testCaseClass));
  const how: Substitution = {
    others,
    handlers: !defined.includes(names.handlerClass),
    tests: !definesOwnTest,
    ...(renameRoute ? { routeFile: { from: main.route.name, to: names.snake } } : {}),
  };
  // The test module named after another project moves to the SOP's name.
  let testMove: { from: string; to: string } | undefined;
  if (!texts.has(testFile) && (await lstatIfPresent(join(root, testFile))) === undefined) {
    const candidates = [...texts.keys()].filter((file) => {
      const stem = /^tests\/([A-Za-z0-9_]+)_test\.py$/.exec(file)?.[1];
      return stem !== undefined && others.some((other) => lowerWords(stem).join(' ') === other.join(' '));
    });
    if (candidates.length === 1) testMove = { from: candidates[0] as string, to: testFile };
  }

  const fixWrites: FileMap = new Map();
  const fixRemovals: string[] = [];
  for (const [file, text] of texts) {
    const { text: fixed, changes } = substitute(text, names, how);
    const target = testMove?.from === file ? testMove.to : file;
    if (changes.size === 0 && target === file) continue;
    const list = [...changes].map(([change, count]) => (count > 1 ? `${change} (${count}×)` : change)).join(', ');
    if (target !== file) {
      findings.push({
        file,
        message: `is not named after the project: the SOP's test module is ${target}`,
        fix: `move it to ${target}${changes.size > 0 ? `, replacing ${list}` : ''}`,
      });
      fixRemovals.push(file);
    } else {
      findings.push({
        file,
        message: `names another project (left from a copy): ${[...changes.keys()].map((change) => change.split(' → ')[0]).join(', ')}`,
        fix: `replace ${list}`,
      });
    }
    fixWrites.set(target, fixed);
  }

  // Each route file: its name, and whether it has the form and the loop-breaker generated routes have.
  const routes: RouteSpec[] = [];
  for (const [index, plannedRoute] of planned.entries()) {
    const { route, read } = plannedRoute;
    const renamed = renameRoute && index === 0;
    const name = renamed ? names.snake : route.name;
    // The handler classes follow the substitution in the code (several routes may share one).
    const handlerClass = substitute(plannedRoute.handlerClass, names, how).text;
    if (yes) plannedRoute.finalName = name;
    const foreignLoopBreaker =
      read.form === 'generated' &&
      read.spec.loopBreaker.value !== names.repository &&
      read.spec.loopBreaker.value.startsWith('pacifica-dispatcher-');
    const fixedSpec: RouteSpec = {
      ...read.spec,
      name,
      handlerClass,
      ...(foreignLoopBreaker ? { loopBreaker: { ...read.spec.loopBreaker, value: names.repository } } : {}),
    };
    const canonical = routeText(fixedSpec);
    const rewrite = read.form === 'sop' || foreignLoopBreaker;
    const target = `${routeDir}/${name}.txt`;
    const text = route.text as string;
    if (read.form === 'sop') {
      findings.push({
        file: route.file,
        message: `has no loop-breaker clause: an upload of the dispatcher's own that carries the route's key-values would trigger it again (generated routes exclude uploads marked ${fixedSpec.loopBreaker.key}=${fixedSpec.loopBreaker.value})`,
        fix: `add the clause not $["data"][*][?(… @["key"] = "${fixedSpec.loopBreaker.key}" … @["value"] = "${fixedSpec.loopBreaker.value}")], in the generated layout${renamed ? `, as ${target}` : ''}`,
      });
    } else if (foreignLoopBreaker) {
      findings.push({
        file: route.file,
        message: `its loop-breaker names another project (${read.spec.loopBreaker.value})`,
        fix: `name this one in it (${names.repository})${renamed ? `, as ${target}` : ''}`,
      });
    } else if (read.form === 'other') {
      const clauses = [
        ...fixedSpec.keyValues.map((kv) => `key-value ${kv.key}${kv.value !== undefined ? `=${kv.value}` : ''}`),
        ...(fixedSpec.mimetype !== undefined || fixedSpec.subdir !== undefined
          ? [
              `a file${fixedSpec.mimetype !== undefined ? ` of ${fixedSpec.mimetype}` : ''}${fixedSpec.subdir !== undefined ? ` in subdir "${fixedSpec.subdir}"` : ''}`,
            ]
          : []),
        `eventType ${fixedSpec.eventType}`,
        ...(fixedSpec.source !== undefined ? [`source ${fixedSpec.source}`] : []),
      ];
      findings.push({
        file: route.file,
        message: `is not in the SOP's form (key-values, a Files clause, eventID, eventType, source): it is kept as written, and the state file records the closest route: ${clauses.join(', ')}${read.dropped.length > 0 ? ` (left out, as no route can match them: ${read.dropped.join(', ')})` : ''}`,
      });
    }
    if (renamed) {
      findings.push({
        file: route.file,
        message: `is not named after the project: the SOP's route for it is ${target}${handlerClass !== names.handlerClass ? '' : `, handled by ${names.handlerClass}`}`,
        fix: `move it to ${target}${handlerClass !== plannedRoute.handlerClass ? ` and rename ${plannedRoute.handlerClass} to ${handlerClass}` : ''}`,
      });
      fixRemovals.push(route.file);
    }
    if (renamed || rewrite) fixWrites.set(target, rewrite ? canonical : text);
    // Without the fixes, the state says the routes as they are.
    routes.push(yes ? fixedSpec : read.spec);
  }
  const clash = routes.find(
    (route, index) => routes.findIndex((other) => other.handlerClass === route.handlerClass) !== index,
  );
  if (clash !== undefined) {
    throw new UserError(
      `Renaming the other project's handler classes would give two routes the class ${clash.handlerClass}.`,
      `Rename the handler classes of ${handlersFile} after this project by hand (see README "Naming"), then run adopt again.`,
    );
  }
  const finalName = (routeName: string): string =>
    planned.find((route) => route.route.name === routeName)?.finalName ?? routeName;

  // The fixture events.
  const events = adoptEvents(project, finalName, findings, fixWrites);
  for (const file of project.unusedRouteFiles)
    findings.push({
      file,
      message: `is not used: ${router} routes no event through it, so it is left out of the state file`,
    });

  if (yes) {
    for (const [file, content] of fixWrites) writes.set(file, content);
    removals.push(...fixRemovals.filter((file) => !fixWrites.has(file)));
  }

  const base: Omit<ProjectState, 'managedFiles'> = {
    generator: 'create-pacifica-dispatcher',
    version: TOOL_VERSION,
    projectName: nameFound.value,
    description: description.value,
    author: author.value,
    authorEmail: authorEmail.value,
    ci: ci.value,
    routes,
    events,
  };
  const present = await underManagement(root, await managedFiles(names, base, year.value), writes, removals);
  const state: ProjectState = { ...base, managedFiles: managedFileHashes(present), year: year.value };
  const text = serialiseState(state);
  try {
    parseState(text, STATE_FILE);
  } catch (error) {
    if (error instanceof StateFileError)
      throw new Error(`adopt made a state file it cannot read back: ${error.problem}`);
    throw error;
  }
  writes.set(STATE_FILE, text);

  facts.push(
    ...routes.map(
      (route, index) =>
        `route ${index + 1}       ${route.name} → ${route.handlerClass} (${routeDir}/${route.name}.txt: ${{ generated: 'the generated form', sop: "the SOP's form", other: 'kept as written' }[(planned[index] as PlannedRoute).read.form]})`,
    ),
    ...events.map((event) => `event         ${event.eventId} → route ${event.route}`),
    `managed files ${plural(Object.keys(state.managedFiles).length, 'file')} of the generated layout the project has (update merges into them)`,
  );
  return { names, state, facts, findings, fixesApplied: yes, writes, removals };
}

/**
 * The plan, refusing a project that is already managed. A state file that
 * is exactly what `adopt` without `--yes` would write (an earlier adopt, the
 * project unchanged since), with fixes still to apply, is no refusal:
 * `adopt --yes` then applies them.
 */
async function planUnmanaged(dir: string, options: AdoptOptions, now: Date): Promise<AdoptPlan & { again: boolean }> {
  const existing = await readTextIfPresent(path.join(path.resolve(dir), STATE_FILE));
  const plan = await planAdoption(dir, options.yes === true, now);
  if (existing === undefined) return { ...plan, again: false };
  const unfixed = options.yes === true ? await planAdoption(dir, false, now) : plan;
  // Only fixes still to apply make it an adoption again: a project `new` made has the same state, and none.
  if (existing === unfixed.writes.get(STATE_FILE) && fixable(plan) > 0) return { ...plan, again: true };
  throw new UserError(
    `"${dir}" is already managed: it has ${STATE_FILE}.`,
    'Use `pacifica-dispatcher update` to bring it up to date with this version, and `pacifica-dispatcher check` to see what drifted.',
  );
}

/** `adopt`: plans the adoption, and (unless a dry run) writes it in one atomic commit under the project's lock. */
export async function adoptProject(dir: string, options: AdoptOptions, io: Io): Promise<AdoptResult> {
  const now = options.now ?? new Date();
  // A write a killed run left half-done reads as a broken project: the lock undoes it first.
  const interrupted = (await listStaging(path.resolve(dir))).some((entry) => entry.journal && !entry.alive);
  // Refusals first: a directory that is no dispatcher gets no lock file.
  if (!interrupted || options.dryRun === true) {
    const first = await planUnmanaged(dir, options, now);
    if (options.dryRun === true) return { ...first, written: false };
  }
  return lockedProject(
    path.resolve(dir),
    (message) => io.stderr.write(`⚠ ${message}\n`),
    async () => {
      // Read again under the lock: another run may have changed the project meanwhile.
      const plan = await planUnmanaged(dir, options, now);
      await updateProject(path.resolve(dir), plan.writes, { remove: plan.removals });
      return { ...plan, written: true };
    },
  );
}

/** Whether anything is left for --yes to do. */
export const fixable = (plan: AdoptPlan): number => plan.findings.filter((finding) => finding.fix !== undefined).length;
