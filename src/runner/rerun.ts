/**
 * How to run it again: the project is always kept, so every failure ends
 * with commands the user can paste.
 */
import path from 'node:path';
import { displayCommand, displayDir, quoteArg } from '../core/command-line.js';
import { NPX_COMMANDS } from '../core/invocation.js';
import type { PipOptions } from './pip.js';

/** The other flags the run was given: a rerun without them fails again (offline, another index, ...). */
export interface RerunFlags {
  python?: string;
  pip?: PipOptions;
  /** --with requirements, in order. */
  with?: string[];
  /** Only when not the default. */
  testTimeoutSeconds?: number;
}

/**
 * The flags as typed after `cd` into the project: the interpreter path is
 * made to point where it did; pip's values stay as given, since pip runs in
 * the project directory either way.
 */
function otherFlags(projectDir: string, flags: RerunFlags): string[] {
  const { pip = {} } = flags;
  return [
    ...(flags.python !== undefined ? ['--python', seenFrom(projectDir, flags.python)] : []),
    ...(pip.indexUrl !== undefined ? ['--index-url', pip.indexUrl] : []),
    ...(pip.extraIndexUrls ?? []).flatMap((url) => ['--extra-index-url', url]),
    ...(pip.findLinks ?? []).flatMap((link) => ['--find-links', link]),
    ...(pip.noBuildIsolation ? ['--no-build-isolation'] : []),
    ...(flags.with ?? []).flatMap((requirement) => ['--with', requirement]),
    ...(flags.testTimeoutSeconds !== undefined ? ['--test-timeout', String(flags.testTimeoutSeconds)] : []),
  ];
}

/**
 * `The project is kept in foo. Rerun: cd foo && npx -p create-pacifica-dispatcher pacifica-dispatcher test`
 * (`dispatcher`: the command as the tool was started, see invocation.ts)
 * plus, once the tests have run, the bare unittest command.
 */
export function rerunHint(
  projectDir: string,
  usePython: string | undefined,
  modules: string[],
  platform: NodeJS.Platform,
  testsRan: boolean,
  cwd?: string,
  noDeps = false,
  dispatcher = NPX_COMMANDS.dispatcher,
  rerunFlags: RerunFlags = {},
): string {
  const dir = displayDir(path.resolve(projectDir), cwd);
  const flags = [
    ...(usePython === undefined
      ? []
      : ['--use-python', seenFrom(path.resolve(projectDir), usePython), ...(noDeps ? ['--no-deps'] : [])]),
    ...otherFlags(path.resolve(projectDir), rerunFlags),
  ];
  const rerun = `${dispatcher} ${displayCommand(['test', ...flags], platform)}`;
  const lines = [
    // Run from inside the project, "kept in .. Rerun: cd . &&" would read as its parent.
    dir === '.'
      ? `The project is kept here. Rerun: ${rerun}`
      : `The project is kept in ${dir}. Rerun: cd ${quoteArg(dir, platform)} && ${rerun}`,
  ];
  if (testsRan && modules.length > 0) {
    const sep = platform === 'win32' ? '\\' : '/';
    const testsDir = dir === '.' ? 'tests' : `${dir}${sep}tests`;
    const python =
      usePython !== undefined
        ? seenFrom(path.resolve(projectDir, 'tests'), usePython)
        : platform === 'win32'
          ? '..\\.venv\\Scripts\\python.exe'
          : '../.venv/bin/python';
    lines.push(
      `Or only the tests: cd ${quoteArg(testsDir, platform)} && ${displayCommand([python, '-m', 'unittest', ...modules], platform)}`,
    );
  }
  return lines.join('\n');
}

/** A relative interpreter path as typed after `cd dir`; a bare name or absolute path stays. */
function seenFrom(dir: string, python: string): string {
  if (!/[\\/]/.test(python) || path.isAbsolute(python)) return python;
  return path.relative(dir, path.resolve(python));
}
