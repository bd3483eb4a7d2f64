/**
 * Another project's names left in this one by a copy (the SOP's step 4
 * substitutes them by hand): how such names look, how they compare, and
 * the names that match the patterns but belong to no project. `check`
 * reports them, `adopt --yes` substitutes them.
 */
import { splitWords } from './naming.js';

/** A repository name, `pacifica-dispatcher-<name>`; group 1 is the name. */
export const REPOSITORY_NAME = /pacifica-dispatcher-([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)/g;
/** A package name, `dispatcher_<name>`; group 1 is the name. */
export const PACKAGE_NAME = /(?<![A-Za-z0-9])dispatcher_([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)/g;

/**
 * Names that contain the patterns but belong to no project: upstream's
 * handlers, unittest's classes, the generated fixture-integrity test
 * (naming.ts reserves "Fixtures" for it), and this tool's own staging
 * directories (`.pacifica-dispatcher-tmp-*`, named in the generated .gitignore).
 */
export const NOT_PROJECT_NAMES: ReadonlySet<string> = new Set([
  'NoopEventHandler',
  'ExceptionEventHandler',
  'IsolatedAsyncioTestCase',
  'FunctionTestCase',
  'FixturesTestCase',
  'pacifica-dispatcher-tmp',
]);

/**
 * The lower-case words of a name in any of its forms (kebab, snake,
 * PascalCase), without the `Dispatcher` prefix a leading digit gets:
 * `Dispatcher3DViewer`, `3d_viewer` and `3d-viewer` all give [3d, viewer].
 */
export function nameWords(name: string): string[] {
  const words = splitWords(name).map((word) => word.toLowerCase());
  const first = words[0];
  if (first !== undefined && /^dispatcher[0-9]/.test(first)) words[0] = first.slice('dispatcher'.length);
  else if (first === 'dispatcher' && /^[0-9]/.test(words[1] ?? '')) words.shift();
  return words;
}
