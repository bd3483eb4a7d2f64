import type { Io } from '../core/io.js';
import type { DataFile, FixtureOptions } from '../fixtures/index.js';
import { deriveNames } from '../project/index.js';
import { managedFileHashes, type ProjectState, serialiseState, STATE_FILE } from '../project/index.js';
import { renderProject } from '../render/index.js';
import { addEventFiles, contextFromState, eventDir, type PlannedEvent, planEvents, proveEvents, routeFilePath } from './plan.js';
import { routeSpec, routeText } from '../project/index.js';
import type { GitOutcome, RunTestsOptions, RunTestsResult } from '../runner/index.js';
import type { Answers, FileMap, FixtureEvent, Names } from '../core/types.js';
import { TOOL_VERSION } from '../core/version.js';
import { assertWritableTarget, listDirectory, writeProject } from '../write/index.js';

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

/** Everything the project will contain, in memory; nothing is written. */
export async function planProject(answers: Answers, now: Date, fixtureOptions: FixtureOptions = {}): Promise<{ files: FileMap; names: Names; events: PlannedEvent[] }> {
  const names = deriveNames(answers.projectName);
  const route = routeSpec(names, names.snake, names.handlerClass, answers.route);
  const text = routeText(route);
  const events = await planEvents(route, answers.fixtures, now, 1, undefined, fixtureOptions);
  proveEvents(names, { route, text }, [], events);

  const state: Omit<ProjectState, 'managedFiles'> = {
    generator: 'create-pacifica-dispatcher', version: TOOL_VERSION, projectName: names.projectName,
    description: answers.description, author: answers.author, authorEmail: answers.authorEmail, ci: answers.ci,
    routes: [route], events: events.map(({ eventId, route: name }) => ({ eventId, route: name })),
  };
  const files = await renderProject(contextFromState(names, state, now.getFullYear()));
  files.set(routeFilePath(names, route), text);
  addEventFiles(files, events);
  files.set(STATE_FILE, serialiseState({ ...state, managedFiles: managedFileHashes(files) }));
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
  const { files, names, events } = await planProject(answers, options.now ?? new Date(), {
    target: answers.directory, warn: (message) => io.stderr.write(`⚠ ${message}\n`),
  });
  const result: CreateResult = {
    directory: answers.directory, names, files: manifest(files, events),
    events: events.map(({ eventId, route, files: eventFiles }) => ({ eventId, route, files: eventFiles })), written: false,
  };
  if (options.dryRun) {
    // What the real run would refuse, a dry run refuses too.
    await assertWritableTarget(answers.directory, options.force ?? false);
    return result;
  }
  // A directory that held files before (--force) is not ours to commit.
  const heldFiles = options.git ? ((await listDirectory(answers.directory)) ?? []).length > 0 : false;
  await writeProject(answers.directory, files, { force: options.force ?? false, notify: (message) => io.stderr.write(`⚠ ${message}\n`) });
  result.written = true;
  io.stderr.write(`✔ Created ${names.repository} in ${answers.directory} (${files.size} files)\n`);
  if (options.git) {
    // Before the tests: the first commit holds what was generated, nothing the install made.
    const { initProjectRepository } = await import('../runner/index.js');
    const outcome = heldFiles
      ? { status: 'skipped' as const, message: 'No git repository created: the directory held other files before.' }
      : await initProjectRepository(answers.directory, io);
    result.git = outcome.status;
    io.stderr.write(`${outcome.status === 'committed' ? '✔' : 'ℹ'} ${outcome.message}\n`);
  }
  if (!options.skipTests) {
    const { formatOutcome, runProjectTests } = await import('../runner/index.js');
    result.tests = await runProjectTests(answers.directory, options.tests ?? {}, io);
    io.stderr.write(formatOutcome(result.tests));
  }
  return result;
}
