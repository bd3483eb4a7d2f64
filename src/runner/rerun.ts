/**
 * How to run it again: the project is always kept, so every failure ends
 * with commands the user can paste.
 */
import path from 'node:path';
import { NPX_COMMANDS } from '../invocation.js';
import { displayCommand, displayDir, quoteArg } from './format.js';

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
): string {
  const dir = displayDir(path.resolve(projectDir), cwd);
  const flags = usePython === undefined ? [] : ['--use-python', seenFrom(path.resolve(projectDir), usePython), ...(noDeps ? ['--no-deps'] : [])];
  const lines = [
    `The project is kept in ${dir}. Rerun: cd ${quoteArg(dir, platform)} && ${dispatcher} ${displayCommand(['test', ...flags], platform)}`,
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
