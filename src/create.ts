import { UserError } from './errors.js';
import type { Io } from './io.js';
import { buildEvent, type DataFile, readFixture, sampleData } from './fixtures.js';
import { proveRoute } from './jsonpath/index.js';
import { deriveNames } from './naming.js';
import { managedFileHashes, type ProjectState, serialiseState, STATE_FILE } from './project-state.js';
import { renderProject } from './render.js';
import { routeSpec, routeText } from './routes.js';
import type { RunTestsOptions, RunTestsResult } from './runner.js';
import type { Answers, FileMap, FixtureEvent, Names, RenderContext, RouteSpec } from './types.js';
import { TOOL_VERSION } from './version.js';
import { writeProject } from './write.js';

export interface CreateOptions {
  force?: boolean;
  dryRun?: boolean;
  skipTests?: boolean;
  tests?: RunTestsOptions;
  /** The clock, for timestamps in events (tests pin it). */
  now?: Date;
}

export interface ManifestFile {
  path: string;
  size: number;
  sha1?: string;
  mimetype?: string;
}

export interface CreateResult {
  directory: string;
  names: Names;
  files: ManifestFile[];
  events: FixtureEvent[];
  written: boolean;
  tests?: RunTestsResult;
}

interface PlannedEvent extends FixtureEvent {
  json: string;
  data: DataFile[];
}

/** One event per fixture (or the sample), each satisfying the route by construction. */
async function planEvents(route: RouteSpec, fixtures: string[], now: Date): Promise<PlannedEvent[]> {
  const dataSets = fixtures.length === 0
    ? [[sampleData(route, now)]]
    : await Promise.all(fixtures.map((fixture) => readFixture(fixture, route.subdir ?? '')));
  return dataSets.map((data, index) => {
    const event = buildEvent(route, index + 1, data, now);
    const eventId = event.eventID as string;
    return { eventId, route: route.name, files: data.map(({ sourcePath, content, mtime, ctime, ...file }) => file), json: `${JSON.stringify(event, null, 2)}\n`, data };
  });
}

const routeFilePath = (names: Names, route: RouteSpec): string => `${names.packageDir}/jsonpath2/${route.name}.txt`;
const eventDir = (eventId: string): string => `tests/test_files/${eventId}`;

/** Refuses a route that does not match each of its events exactly once, saying why. */
function proveRoutes(names: Names, route: RouteSpec, text: string, events: PlannedEvent[]): void {
  const problems = proveRoute({
    routeFile: routeFilePath(names, route),
    routeText: text,
    events: events.map((event) => ({ file: `${eventDir(event.eventId)}/event.json`, text: event.json })),
  });
  if (problems.length > 0) {
    throw new UserError(
      `The route does not match its test events exactly once, so the dispatcher would never run:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
      'Check that the fixture data has a file with the mimetype and subdir the route requires (--mimetype, --subdir), or change the route.',
    );
  }
}

/** Everything the project will contain, in memory; nothing is written. */
export async function planProject(answers: Answers, now: Date): Promise<{ files: FileMap; names: Names; events: PlannedEvent[] }> {
  const names = deriveNames(answers.projectName);
  const route = routeSpec(names, names.snake, names.handlerClass, answers.route);
  const text = routeText(route);
  const events = await planEvents(route, answers.fixtures, now);
  proveRoutes(names, route, text, events);

  const context: RenderContext = {
    names, description: answers.description, author: answers.author, authorEmail: answers.authorEmail,
    toolVersion: TOOL_VERSION, year: now.getFullYear(), routes: [route],
    events: events.map(({ eventId, route: name, files }) => ({ eventId, route: name, files })), ci: answers.ci,
  };
  const files = await renderProject(context);
  files.set(routeFilePath(names, route), text);
  for (const event of events) {
    files.set(`${eventDir(event.eventId)}/event.json`, event.json);
    for (const file of event.data) {
      const target = `${eventDir(event.eventId)}/data/${file.path}`;
      files.set(target, file.sourcePath !== undefined ? { copyFrom: file.sourcePath, size: file.size, sha1: file.sha1 } : file.content ?? '');
    }
  }
  const state: ProjectState = {
    generator: 'create-pacifica-dispatcher', version: TOOL_VERSION, projectName: names.projectName,
    description: answers.description, author: answers.author, authorEmail: answers.authorEmail, ci: answers.ci,
    routes: [route], events: events.map(({ eventId, route: name }) => ({ eventId, route: name })),
    managedFiles: managedFileHashes(files),
  };
  files.set(STATE_FILE, serialiseState(state));
  return { files, names, events };
}

function manifest(files: FileMap, events: PlannedEvent[]): ManifestFile[] {
  const dataByPath = new Map<string, DataFile>(events.flatMap((event) => event.data.map((file): [string, DataFile] => [`${eventDir(event.eventId)}/data/${file.path}`, file])));
  return [...files].map(([file, content]) => {
    const data = dataByPath.get(file);
    if (data) return { path: file, size: data.size, sha1: data.sha1, mimetype: data.mimetype };
    return { path: file, size: typeof content === 'string' ? Buffer.byteLength(content) : content instanceof Uint8Array ? content.length : content.size };
  }).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * The whole pipeline: names -> route -> fixtures -> proof -> render ->
 * (dry run? stop) -> write -> install and test.
 */
export async function createProject(answers: Answers, options: CreateOptions, io: Io): Promise<CreateResult> {
  const { files, names, events } = await planProject(answers, options.now ?? new Date());
  const result: CreateResult = {
    directory: answers.directory, names, files: manifest(files, events),
    events: events.map(({ eventId, route, files: eventFiles }) => ({ eventId, route, files: eventFiles })), written: false,
  };
  if (options.dryRun) return result;
  await writeProject(answers.directory, files, { force: options.force ?? false });
  result.written = true;
  io.stderr.write(`✔ Created ${names.repository} in ${answers.directory} (${files.size} files)\n`);
  if (!options.skipTests) {
    const { formatOutcome, runProjectTests } = await import('./runner.js');
    result.tests = await runProjectTests(answers.directory, options.tests ?? {}, io);
    io.stderr.write(formatOutcome(result.tests));
  }
  return result;
}
