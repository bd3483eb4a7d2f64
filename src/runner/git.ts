/**
 * git for a new project: who the author is (the default for the author
 * questions), and a repository with a first commit of what was generated,
 * as create-next-app makes one: `check`, `add` and later updates show their
 * changes against it.
 */
import type { CommandResult } from './exec.js';

/** Runs git with these arguments in `cwd`; never throws. */
export type RunGit = (args: string[], cwd: string) => Promise<CommandResult>;

export const INITIAL_COMMIT_MESSAGE = 'Initial commit from create-pacifica-dispatcher';

const value = (result: CommandResult): string | undefined => {
  const text = result.output.trim();
  return result.exitCode === 0 && text !== '' ? text : undefined;
};

/** `git config user.name` / `user.email` as seen from `cwd`; nothing when git is missing or they are unset. */
export async function gitIdentity(git: RunGit, cwd: string): Promise<{ name?: string; email?: string }> {
  const [name, email] = await Promise.all([git(['config', 'user.name'], cwd), git(['config', 'user.email'], cwd)]);
  return { ...(value(name) ? { name: value(name) } : {}), ...(value(email) ? { email: value(email) } : {}) };
}

export interface GitOutcome {
  /** committed: init and a first commit; initialised: no commit; skipped: nothing done. */
  status: 'committed' | 'initialised' | 'skipped';
  /** One line for the user. */
  message: string;
}

/**
 * `git init` and a first commit in `dir`, unless git is missing or `dir` is
 * already inside a work tree (the user's own repository then owns it).
 * Without user.name and user.email the repository is initialised only,
 * and the message says how to commit.
 */
export async function initRepository(git: RunGit, dir: string): Promise<GitOutcome> {
  const inside = await git(['rev-parse', '--is-inside-work-tree'], dir);
  if (inside.notFound || inside.spawnError !== undefined)
    return { status: 'skipped', message: 'No git repository created: git is not installed.' };
  if (inside.exitCode === 0 && inside.output.trim() === 'true') {
    return { status: 'skipped', message: 'No git repository created: the project is inside one already.' };
  }
  const init = await git(['init', '--quiet'], dir);
  if (init.exitCode !== 0)
    return {
      status: 'skipped',
      message: `No git repository created: git init failed (${init.output.trim().split('\n').at(-1) ?? ''}).`,
    };
  const identity = await gitIdentity(git, dir);
  if (identity.name === undefined || identity.email === undefined) {
    return {
      status: 'initialised',
      message:
        'Initialised a git repository, without a first commit: git user.name and user.email are not set. ' +
        `Set them (git config --global user.name "Your Name"; git config --global user.email you@example.org), then: git add -A && git commit -m "${INITIAL_COMMIT_MESSAGE}"`,
    };
  }
  const added = await git(['add', '--all'], dir);
  // No signing prompt can block a generator that runs unattended.
  const committed =
    added.exitCode === 0
      ? await git(['-c', 'commit.gpgsign=false', 'commit', '--quiet', '--no-verify', '-m', INITIAL_COMMIT_MESSAGE], dir)
      : added;
  if (committed.exitCode !== 0) {
    return {
      status: 'initialised',
      message: `Initialised a git repository, but the first commit failed: ${committed.output.trim().split('\n').at(-1) ?? ''}`,
    };
  }
  return { status: 'committed', message: 'Initialised a git repository with a first commit.' };
}

/**
 * What git sees changed or untracked in `dir` (`git status --porcelain`
 * lines, such as ` M README.md`), for `update`, which changes a project
 * only from a clean work tree so that `git diff` shows the update alone;
 * undefined when `dir` is not in a git work tree or git cannot run.
 */
export async function workTreeChanges(git: RunGit, dir: string): Promise<string[] | undefined> {
  const status = await git(['status', '--porcelain', '--untracked-files=normal', '--', '.'], dir);
  if (status.notFound || status.spawnError !== undefined || status.exitCode !== 0) return undefined;
  // Only status lines: the output interleaves git's warnings (on stderr).
  return status.output.split('\n').filter((line) => /^[ MTADRCU?!]{2} /.test(line));
}
