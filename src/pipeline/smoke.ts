/**
 * `smoke`: the set of representative projects (core/smoke-set.ts names
 * them) generated into a scratch directory, each checked and tested in one
 * shared environment, as one table. The CI of an upstream library runs it
 * with `--with .` to see its change through generated dispatchers.
 */
import path from 'node:path';
import { isUserError, UserError } from '../core/errors.js';
import { readTextIfPresent } from '../core/fs.js';
import { throwIfStopping } from '../core/interrupt.js';
import type { Io } from '../core/io.js';
import { SMOKE_PROJECTS, type SmokeId, smokeProjectList } from '../core/smoke-set.js';
import { deriveNames } from '../project/index.js';
import type { JunitReport, RunTestsOptions, RunTestsResult } from '../runner/index.js';
import { withScratchDir, writeReport, writeScratchFiles } from '../write/index.js';
import { type AddRouteOptions, addRoute } from './add.js';
import { finaliseAnswers, type PartialAnswers } from './answers.js';
import { createProject } from './create.js';

/** How one project of the set is made: `new`'s answers, data for its fixture, routes added after. */
interface Recipe {
  /** Fixture paths are relative to the scratch directory's data/. */
  answers: Omit<PartialAnswers, 'projectName' | 'directory'>;
  data?: ReadonlyMap<string, string | Uint8Array>;
  routes?: { name: string; route: AddRouteOptions['route'] }[];
}

/** A run's worth of instrument output: a CSV at the top, binary frames nested below, another CSV deeper. */
const RUN_DATA: ReadonlyMap<string, string | Uint8Array> = new Map<string, string | Uint8Array>([
  ['run-17/summary.csv', 'channel,counts\n1,1024\n2,998\n'],
  ['run-17/notes.txt', 'beam current 3 mA\r\nök\n'],
  ['run-17/raw/frame-0001.bin', Uint8Array.from([0, 1, 2, 0xff, 0xfe, 0x80, 13, 10])],
  ['run-17/raw/deep/dark.bin', new Uint8Array(70_000).fill(0x9c)],
  ['run-17/calibration/lines.csv', 'element,wavelength_nm\nH-alpha,656.28\n'],
]);

const RECIPES: Record<SmokeId, Recipe> = {
  example: { answers: {} },
  'hello-world': { answers: {} },
  'key-values': {
    answers: {
      keyValues: ['instrument-kind=spectrometer', 'proposal', 'campaign=2026-A'],
      mimetype: 'text/csv',
      fixtures: ['run-17'],
    },
    data: RUN_DATA,
  },
  routes: {
    answers: {},
    routes: [
      { name: 'thumbnails', route: { mimetype: 'image/png' } },
      { name: 'previews', route: { keyValues: ['preview=large'] } },
    ],
  },
  '3d-scans': { answers: {} },
};

/** The projects `--only` names (by id or project name, any case); all without it. */
export function selectSmokeProjects(only: string[] = []): (typeof SMOKE_PROJECTS)[number][] {
  if (only.length === 0) return [...SMOKE_PROJECTS];
  return only.map((wanted) => {
    const key = wanted.trim().toLowerCase();
    const found = SMOKE_PROJECTS.find((project) => project.id === key || project.name.toLowerCase() === key);
    if (found === undefined)
      throw new UserError(
        `--only: there is no smoke project "${wanted}".`,
        `Give one of:\n${smokeProjectList().trimEnd()}`,
        2,
      );
    return found;
  });
}

export interface SmokeOptions {
  /** Ids or names (see selectSmokeProjects). */
  only?: string[];
  /** Keep the scratch directory (and say where) instead of removing it. */
  keep?: boolean;
  /** Generate and check the projects, run no tests. */
  skipTests?: boolean;
  /** The runner options as the user gave them; `junit` is the file of every project's test cases. */
  tests: RunTestsOptions;
  /** `check` on a project: prints its problems, returns whether it passed (cli/ owns check). */
  check(dir: string): Promise<boolean>;
}

export interface SmokeRow {
  id: SmokeId;
  name: string;
  /** Where the project was generated (gone unless kept). */
  directory: string;
  /** `check` passed; absent when the project could not be generated. */
  checked?: boolean;
  tests?: RunTestsResult;
  /** Why the project or its tests did not run, when they did not. */
  notRun?: string;
  ms: number;
}

export interface SmokeResult {
  rows: SmokeRow[];
  /** The scratch directory, when kept. */
  kept?: string;
}

/** Whether a row passed: generated, checked, and (unless skipped) its tests passed. */
export const rowPassed = (row: SmokeRow, skipTests: boolean): boolean =>
  row.checked === true && (skipTests || row.tests?.exitCode === 0);

/**
 * The options of the run after the first that prepared the environment: the
 * same interpreter (the user's, or the .venv the first made), and only the
 * project installed, so the dependencies and --with are installed once.
 */
function sharedOptions(tests: RunTestsOptions, python: string): RunTestsOptions {
  const { python: _created, with: _installed, junit: _file, ...rest } = tests;
  return { ...rest, usePython: python, noDeps: true };
}

async function generate(root: string, id: SmokeId, name: string, directory: string, io: Io): Promise<void> {
  const recipe = RECIPES[id];
  const data = path.join(root, 'data', id);
  if (recipe.data !== undefined) await writeScratchFiles(data, recipe.data);
  const answers = finaliseAnswers(
    {
      ...recipe.answers,
      projectName: name,
      directory,
      fixtures: (recipe.answers.fixtures ?? []).map((fixture) => path.join(data, fixture)),
    },
    root,
  );
  await createProject(answers, { skipTests: true, git: false }, io);
  for (const { name: route, route: options } of recipe.routes ?? [])
    await addRoute(directory, route, { route: options, fixtures: [] }, io);
}

/**
 * Generates the selected projects into a scratch directory, checks each and
 * runs its tests in one environment, and writes the merged JUnit XML when
 * asked. Removes the directory unless kept, whatever happens.
 */
export async function runSmoke(options: SmokeOptions, io: Io): Promise<SmokeResult> {
  const selected = selectSmokeProjects(options.only);
  const { formatOutcome, mergeJunitReports, runProjectTests, venvPython } = await import('../runner/index.js');
  const keep = options.keep === true;
  return withScratchDir('pacifica-dispatcher-smoke-', keep, async (root) => {
    io.stderr.write(`ℹ Smoke projects in ${root}${keep ? ' (kept)' : ' (removed at the end; --keep keeps them)'}\n`);
    const rows: SmokeRow[] = [];
    const reports: JunitReport[] = [];
    // Until a run has prepared the environment, each run is a first one: the user's options as given.
    const { junit: _file, ...first } = options.tests;
    let shared: RunTestsOptions | undefined;
    let noEnvironment: string | undefined;
    /** One project: generated, checked, tested (unless skipped or no environment); fills in `row`. */
    const smokeOne = async (row: SmokeRow): Promise<void> => {
      const { id, name } = row;
      try {
        await generate(root, id, name, row.directory, io);
      } catch (error) {
        if (!isUserError(error)) throw error;
        row.notRun = `not generated: ${error.message}`;
        io.stderr.write(`✖ ${error.message}\n`);
        reports.push({ label: name, failure: { step: 'generate', message: error.message } });
        return;
      }
      row.checked = await options.check(row.directory);
      if (options.skipTests === true) return;
      if (noEnvironment !== undefined) {
        row.notRun = noEnvironment;
        reports.push({ label: name, failure: { step: 'environment', message: noEnvironment } });
        return;
      }
      const junit = options.tests.junit === undefined ? undefined : path.join(root, `${id}.junit.xml`);
      const runOptions = shared ?? first;
      row.tests = await runProjectTests(row.directory, { ...runOptions, ...(junit ? { junit } : {}) }, io);
      io.stderr.write(formatOutcome(row.tests));
      throwIfStopping();
      if (junit !== undefined) {
        const xml = await readTextIfPresent(junit, 'JUnit XML');
        reports.push(
          xml === undefined
            ? { label: name, failure: { step: row.tests.stage ?? 'tests', message: row.tests.message } }
            : { label: name, xml },
        );
      }
      if (shared !== undefined) return;
      if (row.tests.stage === 'python' || row.tests.stage === 'venv')
        noEnvironment = `not run: no test environment (${row.tests.message})`;
      else if (row.tests.stage !== 'install')
        shared = sharedOptions(options.tests, options.tests.usePython ?? venvPython(row.directory));
    };
    for (const [index, { id, name }] of selected.entries()) {
      throwIfStopping();
      io.stderr.write(`\n▸ [${index + 1}/${selected.length}] ${name}\n`);
      const started = performance.now();
      const row: SmokeRow = { id, name, directory: path.join(root, deriveNames(name).repository), ms: 0 };
      rows.push(row);
      try {
        await smokeOne(row);
      } finally {
        row.ms = performance.now() - started;
      }
    }
    if (options.tests.junit !== undefined) {
      await writeReport(options.tests.junit, mergeJunitReports('pacifica-dispatcher smoke', reports));
    }
    return { rows, ...(keep ? { kept: root } : {}) };
  });
}
