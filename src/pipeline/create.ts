import type { Io } from '../core/io.js';
import type { Answers, FileMap, FixtureEvent, Names } from '../core/types.js';
import { TOOL_VERSION } from '../core/version.js';
import type { DataFile, FixtureOptions } from '../fixtures/index.js';
import { eventDir, type ProjectState, routeSpec, routeText } from '../project/index.js';
import type { GitOutcome, RunTestsOptions, RunTestsResult } from '../runner/index.js';
import { assertWritableTarget, listDirectory, writeProject } from '../write/index.js';
import { planChange } from './change.js';
import { fixtureOptions, type PlannedEvent, planEvents, proveEvents } from './plan.js';

export interface CreateOptions {
  force?: boolean;
  dryRun?: boolean;
  skipTests?: boolean;
  /** `git init` and a first commit of the written project (`new` asks for it unless --no-git). */
  git?: boolean;
  tests?: RunTestsOptions;
  /** The clock, for timestamps in events (tests pin it). */
  now?: Date;
}

export interface PlannedProject {
  files: FileMap;
  names: Names;
  events: PlannedEvent[];
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
  /** What git did: committed, initialised (no commit) or skipped; absent when not asked. */
  git?: GitOutcome['status'];
  tests?: RunTestsResult;
}

/**
 * Everything the project will contain, in memory, proven; nothing is
 * written. The steps of the SOP (pacifica-dispatcher-example's "Procedure"),
 * done by the tool.
 */
export async function planProject(answers: Answers, now: Date, fixtures: FixtureOptions = {}): Promise<PlannedProject> {
  // 1, 3. The project name, and every name the naming convention derives from it.
  const { names } = answers;
  // 6. The JSONPath that routes the project's events to its handler.
  const route = routeSpec(names, names.snake, names.handlerClass, answers.route);
  // 5. tests/test_files: an event built from real data (or a sample) for the route.
  const events = await planEvents(route, answers.fixtures, now, 1, undefined, fixtures);
  // What the SOP leaves to chance: the route takes each of its events, exactly once.
  proveEvents(names, { route, text: routeText(route) }, [], events);
  const state: Omit<ProjectState, 'managedFiles'> = {
    generator: 'create-pacifica-dispatcher',
    version: TOOL_VERSION,
    projectName: names.projectName,
    description: answers.description,
    author: answers.author,
    authorEmail: answers.authorEmail,
    year: now.getFullYear(),
    ci: answers.ci,
    routes: [route],
    events: events.map(({ eventId, route: name }) => ({ eventId, route: name })),
  };
  // 2, 4, 7, 8, 9. The example's files with the names substituted: handler, router, unit tests.
  const { files } = await planChange({ names, after: state, events });
  return { files, names, events };
}

function manifest(files: FileMap, events: PlannedEvent[]): ManifestFile[] {
  const dataByPath = new Map<string, DataFile>(
    events.flatMap((event) =>
      event.data.map((file): [string, DataFile] => [`${eventDir(event.eventId)}/data/${file.path}`, file]),
    ),
  );
  return [...files]
    .map(([file, content]) => {
      const data = dataByPath.get(file);
      if (data) return { path: file, size: data.size, sha1: data.sha1, mimetype: data.mimetype };
      return {
        path: file,
        size:
          typeof content === 'string'
            ? Buffer.byteLength(content)
            : content instanceof Uint8Array
              ? content.length
              : content.size,
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * `new`: plan and prove the project -> (dry run? stop) -> write it ->
 * first commit -> install and test.
 */
export async function createProject(answers: Answers, options: CreateOptions, io: Io): Promise<CreateResult> {
  const { directory } = answers;
  const { files, names, events } = await planProject(answers, options.now ?? new Date(), fixtureOptions(directory, io));
  const result: CreateResult = {
    directory,
    names,
    files: manifest(files, events),
    events: events.map(({ eventId, route, files: eventFiles }) => ({ eventId, route, files: eventFiles })),
    written: false,
  };
  if (options.dryRun) {
    // What the real run would refuse, a dry run refuses too.
    await assertWritableTarget(directory, options.force ?? false);
    return result;
  }
  // A directory that held files before (--force) is not ours to commit.
  const heldFiles = options.git ? ((await listDirectory(directory)) ?? []).length > 0 : false;
  await writeProject(directory, files, {
    force: options.force ?? false,
    notify: (message) => io.stderr.write(`⚠ ${message}\n`),
  });
  result.written = true;
  io.stderr.write(`✔ Created ${names.repository} in ${directory} (${files.size} files)\n`);
  if (options.git) result.git = await firstCommit(directory, heldFiles, io);
  if (!options.skipTests) {
    const { formatOutcome, runProjectTests } = await import('../runner/index.js');
    result.tests = await runProjectTests(directory, options.tests ?? {}, io);
    io.stderr.write(formatOutcome(result.tests));
  }
  return result;
}

/** Before the tests: the first commit holds what was generated, nothing the install made. */
async function firstCommit(directory: string, heldFiles: boolean, io: Io): Promise<GitOutcome['status']> {
  const { initProjectRepository } = await import('../runner/index.js');
  const outcome = heldFiles
    ? { status: 'skipped' as const, message: 'No git repository created: the directory held other files before.' }
    : await initProjectRepository(directory, io);
  io.stderr.write(`${outcome.status === 'committed' ? '✔' : 'ℹ'} ${outcome.message}\n`);
  return outcome.status;
}
