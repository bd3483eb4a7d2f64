/**
 * Which Python runs the project: finding one new enough, and the project's
 * .venv (its interpreter path, whether it works, why creating it failed).
 */
import path from 'node:path';
import { MIN_PYTHON } from '../core/limits.js';
import { type RunContext, runCommand } from './exec.js';

const MIN_TEXT = MIN_PYTHON.join('.');
const PROBE_TIMEOUT_MS = 30_000;

/** A way to start Python: `py -3` is a file plus a leading argument. */
export interface Interpreter {
  file: string;
  prefix: string[];
  /** As the user would type it, for messages. */
  display: string;
}

export interface FoundPython {
  interpreter: Interpreter;
  version: string;
}

/** Why no usable Python was found, with the fix. */
export interface PythonProblem {
  message: string;
  hint: string;
}

export function interpreter(file: string, prefix: string[] = []): Interpreter {
  return { file, prefix, display: [file, ...prefix].join(' ') };
}

/** Where the project's .venv keeps its interpreter on this platform. */
export function venvPython(projectDir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32'
    ? path.win32.join(projectDir, '.venv', 'Scripts', 'python.exe')
    : path.posix.join(projectDir, '.venv', 'bin', 'python');
}

/** The commands tried when the user names none, in order. */
export function defaultCandidates(platform: NodeJS.Platform = process.platform): Interpreter[] {
  // On Windows `python3` is often the Store's installer stub, so it goes last.
  return platform === 'win32'
    ? [interpreter('py', ['-3']), interpreter('python'), interpreter('python3')]
    : [interpreter('python3'), interpreter('python')];
}

/** `Python 3.11.7` (stdout or, for Python 2, stderr) -> [3, 11, 7]. */
export function parsePythonVersion(output: string): number[] | undefined {
  const match = /Python (\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function isSupported(version: number[]): boolean {
  const [major = 0, minor = 0] = version;
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

/**
 * The first candidate that runs and is new enough, or the problem with all
 * of them (each one's version or failure, so the user sees what was found).
 */
export async function findPython(
  candidates: Interpreter[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  context: RunContext,
): Promise<FoundPython | PythonProblem> {
  const seen: string[] = [];
  for (const candidate of candidates) {
    const result = await runCommand(
      { file: candidate.file, args: [...candidate.prefix, '--version'], cwd, env, timeoutMs: PROBE_TIMEOUT_MS },
      { ...context, verbose: false },
    );
    if (result.notFound) continue;
    const version = parsePythonVersion(result.output);
    if (result.exitCode === 0 && version && isSupported(version)) {
      return { interpreter: candidate, version: version.join('.') };
    }
    if (result.exitCode === 0 && version) {
      seen.push(`${candidate.display} is Python ${version.join('.')}`);
    } else {
      const why = result.timedOut
        ? 'did not answer'
        : result.spawnError !== undefined
          ? `could not start (${result.spawnError})`
          : `failed${exitText(result.exitCode)}`;
      const first = result.output.trim().split(/\r?\n/)[0];
      seen.push(`\`${candidate.display} --version\` ${why}${first ? `: ${first}` : ''}`);
    }
  }
  const tried = candidates.map((candidate) => candidate.display).join(', ');
  return {
    message:
      seen.length === 0
        ? `Python >= ${MIN_TEXT} needed, but none was found (tried ${tried}).`
        : `Python >= ${MIN_TEXT} needed, but ${seen.join('; ')}.`,
    hint: `Install Python ${MIN_TEXT} or newer, or name one with --python /path/to/python3.`,
  };
}

export function isProblem(value: FoundPython | PythonProblem): value is PythonProblem {
  return 'hint' in value;
}

function exitText(exitCode: number | undefined): string {
  return exitCode === undefined ? '' : ` (exit ${exitCode})`;
}

/** Reads `python -m venv` output for the two failures users can fix. */
export function explainVenvFailure(output: string, python: string): PythonProblem {
  if (/ensurepip is not\s+available|No module named '?ensurepip/i.test(output)) {
    return {
      message: `${python} cannot create a virtual environment with pip: its ensurepip module is missing.`,
      hint:
        'Debian needs python3-venv: apt-get install python3-venv (or python3.X-venv for your version). ' +
        'Or use an environment that already has the dependencies: --use-python /path/to/python.',
    };
  }
  if (/No module named '?venv/i.test(output)) {
    return {
      message: `${python} has no venv module, so it cannot create .venv.`,
      hint:
        'Debian needs python3-venv: apt-get install python3-venv. ' +
        'Or name another Python with --python, or use an existing environment with --use-python.',
    };
  }
  return {
    message: `${python} -m venv .venv failed.`,
    hint: 'See its output above; name another Python with --python, or use an existing environment with --use-python.',
  };
}
