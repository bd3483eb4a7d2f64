/**
 * Stage one: the interpreter whose environment receives the project. Either
 * the user's own (--use-python, taken as it is) or the project's .venv,
 * reused when it works and created otherwise.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { exists } from '../core/fs.js';
import { MIN_PYTHON } from '../core/limits.js';
import { listDirIfPresent } from '../core/walk.js';
import type { CommandResult, RunContext } from './exec.js';
import {
  defaultCandidates,
  explainVenvFailure,
  findPython,
  interpreter,
  isProblem,
  type PythonProblem,
  venvPython,
} from './python.js';

const VENV_TIMEOUT_MS = 300_000;
const CHECK_TIMEOUT_MS = 60_000;

/** What the runner's stages share: spawning with its env, and reporting. */
export interface Steps {
  context: RunContext & { platform: NodeJS.Platform };
  env: NodeJS.ProcessEnv;
  /** `progress`: a label for a long step, shown live while it runs. */
  run(file: string, args: string[], cwd: string, timeoutMs: number, progress?: string): Promise<CommandResult>;
  /** `✖ label (1.2s)` and, unless verbose, the output's tail. */
  failed(label: string, result: CommandResult): void;
  ok(label: string, ms: number): unknown;
}

export interface Environment {
  /** The interpreter to install into and test with. */
  python: string;
  /**
   * It can build the project itself (setuptools >= 61, and wheel where that
   * setuptools needs it): pip then skips build isolation, which would fetch
   * and install a fresh setuptools on every run.
   */
  hasBuildBackend?: boolean;
}

/**
 * One interpreter start that answers what `-m pip --version` did (pip is
 * there and imports) and what the install needs to know: the setuptools and
 * wheel versions, `-` when absent. About a third of the time of pip's CLI
 * (110 ms against 310 ms measured).
 */
const ENVIRONMENT_PROBE = [
  'import pip',
  'from importlib import metadata',
  'def version(name):',
  '    try: return metadata.version(name)',
  '    except Exception: return "-"',
  'print("setuptools", version("setuptools"), "wheel", version("wheel"))',
].join('\n');

/**
 * Whether the probe's output shows a build backend for the generated
 * pyproject.toml (`requires = ["setuptools>=61"]`): setuptools 70.1 builds
 * wheels itself, older ones need the wheel package.
 */
export function hasBuildBackend(probeOutput: string): boolean {
  const match = /setuptools (\S+) wheel (\S+)/.exec(probeOutput);
  if (match === null) return false;
  const [major = 0, minor = 0] = (match[1] ?? '').split('.').map((part) => Number.parseInt(part, 10));
  if (!(major >= 61)) return false;
  return match[2] !== '-' || major > 70 || (major === 70 && minor >= 1);
}

export interface EnvironmentProblem extends PythonProblem {
  stage: 'python' | 'venv';
}

/** A path with a separator is relative to where the user ran us; a bare name is found on PATH. */
export function resolveInterpreter(python: string): string {
  return /[\\/]/.test(python) ? path.resolve(python) : python;
}

export async function prepareEnvironment(
  dir: string,
  options: { python?: string; usePython?: string },
  steps: Steps,
): Promise<Environment | EnvironmentProblem> {
  if (options.usePython !== undefined) return useExisting(dir, options.usePython, steps);
  const python = venvPython(dir, steps.context.platform);
  if (await exists(python)) return reuseVenv(dir, python, steps);
  return createVenv(dir, options.python, steps);
}

export function isEnvironmentProblem(value: Environment | EnvironmentProblem): value is EnvironmentProblem {
  return 'stage' in value;
}

async function useExisting(dir: string, given: string, steps: Steps): Promise<Environment | EnvironmentProblem> {
  const python = resolveInterpreter(given);
  const started = performance.now();
  const found = await findPython([interpreter(python)], steps.env, dir, steps.context);
  if (isProblem(found)) {
    return {
      stage: 'python',
      message: found.message,
      hint: `Name a Python >= ${MIN_PYTHON.join('.')} with --use-python, or drop --use-python to create .venv.`,
    };
  }
  const pip = await steps.run(python, ['-c', ENVIRONMENT_PROBE], dir, CHECK_TIMEOUT_MS);
  if (pip.exitCode !== 0) {
    steps.failed(`Checking pip in ${given}`, pip);
    return {
      stage: 'python',
      message: `${given} has no working pip.`,
      hint: `Install it (${given} -m ensurepip --upgrade), or drop --use-python to create .venv.`,
    };
  }
  steps.ok(`Using Python ${found.version} at ${given}`, performance.now() - started);
  return { python, hasBuildBackend: hasBuildBackend(pip.output) };
}

async function reuseVenv(dir: string, python: string, steps: Steps): Promise<Environment | EnvironmentProblem> {
  const check = await steps.run(python, ['-c', ENVIRONMENT_PROBE], dir, CHECK_TIMEOUT_MS);
  if (check.exitCode !== 0) {
    steps.failed('Checking the existing .venv', check);
    return {
      stage: 'venv',
      message: '.venv exists in the project but its Python or pip does not work.',
      hint: 'Delete the .venv folder (the project keeps everything else) and run again.',
    };
  }
  steps.ok('Reused .venv', check.durationMs);
  return { python, hasBuildBackend: hasBuildBackend(check.output) };
}

async function createVenv(
  dir: string,
  python: string | undefined,
  steps: Steps,
): Promise<Environment | EnvironmentProblem> {
  const { platform } = steps.context;
  const candidates = python !== undefined ? [interpreter(resolveInterpreter(python))] : defaultCandidates(platform);
  const started = performance.now();
  const found = await findPython(candidates, steps.env, dir, steps.context);
  if (isProblem(found)) return { stage: 'python', ...found };
  const venvDir = path.join(dir, '.venv');
  const existed = await exists(venvDir);
  const { file, prefix, display } = found.interpreter;
  const created = await steps.run(file, [...prefix, '-m', 'venv', '.venv'], dir, VENV_TIMEOUT_MS, 'Creating .venv');
  if (created.exitCode !== 0) {
    steps.failed(`Creating .venv with Python ${found.version}`, created);
    // A half-made .venv from this run would pass for a working one next time.
    if (!existed) await rm(venvDir, { recursive: true, force: true });
    if (created.timedOut) {
      return {
        stage: 'venv',
        message: `${display} -m venv .venv did not finish in ${VENV_TIMEOUT_MS / 1000}s.`,
        hint: 'Name another Python with --python.',
      };
    }
    return { stage: 'venv', ...explainVenvFailure(created.output, display) };
  }
  steps.ok(`Created .venv with Python ${found.version}`, performance.now() - started);
  return { python: venvPython(dir, platform) };
}

/** What an in-tree setuptools build leaves at the project root: build/ and *.egg-info/. */
const isBuildOutput = (name: string): boolean => name === 'build' || name.endsWith('.egg-info');

/** The build outputs the project already has (the user's, to be kept). */
async function buildOutputs(dir: string): Promise<string[]> {
  return ((await listDirIfPresent(dir)) ?? []).map((entry) => entry.name).filter(isBuildOutput);
}

/**
 * Runs `install`, a pip install of the source tree `dir` (the project, or a
 * local checkout given with --with), then removes the build outputs it made
 * there (pip builds in the source tree), so installing leaves the tree as it
 * was. Those that were there before are the user's and stay.
 */
export async function leavingTreeAsItWas<T>(dir: string, install: () => Promise<T>): Promise<T> {
  const before = await buildOutputs(dir);
  const result = await install();
  for (const name of await buildOutputs(dir)) {
    if (!before.includes(name)) await rm(path.join(dir, name), { recursive: true, force: true });
  }
  return result;
}
