/**
 * Copy-rename residue: another project's names left in this one's text
 * (a README still saying pacifica-dispatcher-example, an import of
 * dispatcher_example, a `REPLACE_ME` from an issue template). The SOP's
 * step 4 substitutes names by hand, and what it misses stays for years.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fsProblem } from '../core/fs.js';
import { type WalkEntry, walk } from '../core/walk.js';
import {
  isEnvironmentOrBuildDir,
  type LoadedProject,
  NOT_PROJECT_NAMES,
  nameWords,
  PACKAGE_NAME,
  REPOSITORY_NAME,
} from '../project/index.js';
import { STAGING_PATTERN } from '../write/index.js';
import { type Problem, problem, type Severity } from './problems.js';

const MAX_TEXT_BYTES = 2 * 1024 * 1024;
interface Token {
  kind: 'repository' | 'package' | 'handler' | 'test' | 'placeholder';
  text: string;
  /** The project-name part of the token; absent for a placeholder. */
  name?: string;
  index: number;
}

const PATTERNS: { kind: Token['kind']; regex: RegExp }[] = [
  { kind: 'repository', regex: REPOSITORY_NAME },
  { kind: 'package', regex: PACKAGE_NAME },
  // The name part is PascalCase, so `test_x_picks_HelloWorldEventHandler` yields HelloWorld.
  { kind: 'handler', regex: /(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]*)EventHandler(?![A-Za-z0-9_])/g },
  { kind: 'test', regex: /(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]*)TestCase(?![A-Za-z0-9_])/g },
  { kind: 'placeholder', regex: /(?<![A-Za-z0-9_])REPLACE_ME(?![A-Za-z0-9_])/g },
];

/** The tokens of one line that could name a project. */
export function nameTokens(line: string): Token[] {
  return PATTERNS.flatMap(({ kind, regex }) =>
    [...line.matchAll(regex)].map((match) => ({
      kind,
      text: match[0],
      index: match.index,
      ...(match[1] !== undefined ? { name: match[1] } : {}),
    })),
  );
}

/**
 * Whether a token names this project: its words are the project's words,
 * possibly extended (`pacifica-dispatcher-hello-world-key`,
 * `dispatcher_3d_viewer_test`, `HelloWorldUploadEventHandler`).
 */
function isOwn(token: Token, own: readonly string[], ownClasses: ReadonlySet<string>): boolean {
  if (token.kind === 'placeholder' || token.name === undefined) return false;
  if (NOT_PROJECT_NAMES.has(token.text) || ownClasses.has(token.text)) return true;
  const words = nameWords(token.name);
  return own.length > 0 && own.every((word, i) => words[i] === word);
}

/** Stale names break code and configuration, and only confuse in prose. */
function severityOf(file: string): Severity {
  if (/\/jsonpath2\/[^/]+\.txt$/.test(file)) return 'error';
  return /\.(md|rst|txt)$/i.test(file) || /^(LICENSE|AUTHORS|CHANGELOG|NOTICE)/i.test(path.posix.basename(file))
    ? 'warning'
    : 'error';
}

const isProjectText = ({ name, path: relative }: WalkEntry): boolean =>
  !(isEnvironmentOrBuildDir(name) || STAGING_PATTERN.test(name)) &&
  // Fixture data is the user's data, not the project's text.
  !/^tests\/test_files\/[^/]+\/data$/.test(relative);

/** Reports `error` of `file` as a problem when the user can fix it: one unreadable file must not stop the check. */
function reportUnreadable(file: string, error: unknown, problems: Problem[]): undefined {
  const unreadable = fsProblem(file, error);
  if (unreadable === undefined) throw error;
  problems.push(problem('error', 'names', file, `${unreadable.message} ${unreadable.hint ?? ''}`.trim()));
  return undefined;
}

/** The project's own files (links are not followed), in path order; a directory it cannot read is a problem. */
async function textFiles(root: string, problems: Problem[]): Promise<string[]> {
  const onUnreadable = (directory: string, error: unknown): void => {
    reportUnreadable(directory, error, problems);
  };
  const entries = await walk(root, { enter: isProjectText, onUnreadable });
  return entries
    .filter((entry) => entry.kind === 'file')
    .map((entry) => entry.path)
    .sort();
}

/** Every occurrence of another project's name, or a placeholder, with file:line:column. */
export async function checkLeftovers(project: LoadedProject): Promise<Problem[]> {
  const { names } = project;
  const own = names.kebab.split('-');
  const ownClasses = new Set([
    names.handlerClass,
    names.testCaseClass,
    ...project.routes.map((route) => route.handlerClass).filter((c): c is string => c !== undefined),
  ]);
  const expected: Record<Token['kind'], string> = {
    repository: `this project is ${names.repository}`,
    package: `this project's package is ${names.packageName}`,
    handler: `this project's handler is ${names.handlerClass}`,
    test: `this project's test class is ${names.testCaseClass}`,
    placeholder: '',
  };
  const problems: Problem[] = [];
  for (const file of await textFiles(project.dir, problems)) {
    const absolute = path.join(project.dir, file);
    const info = await stat(absolute).catch((error: unknown) => reportUnreadable(file, error, problems));
    if (info === undefined || info.size > MAX_TEXT_BYTES) continue;
    const bytes = await readFile(absolute).catch((error: unknown) => reportUnreadable(file, error, problems));
    if (bytes === undefined || bytes.includes(0)) continue;
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const token of nameTokens(line)) {
          if (isOwn(token, own, ownClasses)) continue;
          const message =
            token.kind === 'placeholder'
              ? 'placeholder REPLACE_ME was never filled in'
              : `"${token.text}" names another project (a leftover of a copy?); ${expected[token.kind]}`;
          problems.push(
            problem(severityOf(file), 'names', file, message, { line: index + 1, column: token.index + 1 }),
          );
        }
      });
  }
  return problems;
}
