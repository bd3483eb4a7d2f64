/**
 * `pacifica-dispatcher update [dir]`: bring a project up to this version's
 * template (pipeline/update.ts), then `check` it and run its tests.
 */
import path from 'node:path';
import { NPX_COMMANDS } from '../../core/invocation.js';
import type { Io } from '../../core/io.js';
import { plural } from '../../core/plural.js';
import { type UpdateResult, updateProjectFiles } from '../../pipeline/index.js';
import type { RunTestsOptions } from '../../runner/index.js';
import { checkCommand, EXIT_CHECK_PASSED } from './check.js';

/** The update wrote conflict markers (or, with --dry-run, would): resolve them, then run `check` and `test`. */
export const EXIT_UPDATE_CONFLICTS = 5;

export interface UpdateFlags {
  force?: boolean;
  dryRun?: boolean;
  skipTests?: boolean;
}

/** One line per file the update touches or leaves, on stderr. */
function reportFiles(result: UpdateResult, io: Io): void {
  const merged = new Set(result.merged);
  const conflicts = new Map(result.conflicts.map((conflict) => [conflict.path, conflict.places]));
  const verb = (file: string): string =>
    conflicts.has(file)
      ? `conflict  ${file} (${plural(conflicts.get(file)!, 'place')} marked)`
      : merged.has(file)
        ? `merged    ${file} (your edits kept)`
        : `written   ${file}`;
  for (const file of result.written) io.stderr.write(`  ${verb(file)}\n`);
  for (const file of result.removals) io.stderr.write(`  removed   ${file} (the template no longer has it)\n`);
  for (const { path: file, reason } of result.kept) io.stderr.write(`  kept      ${file}: ${reason}\n`);
}

function reportBase(result: UpdateResult, io: Io): void {
  if (!result.baseFound) {
    io.stderr.write(
      `⚠ This tool has no copy of the templates of ${result.from}: files you edited are merged two ways, every difference marked as a conflict.\n`,
    );
  } else if (result.withoutBase.length > 0) {
    io.stderr.write(
      `⚠ ${plural(result.withoutBase.length, 'file')} could not be rendered as ${result.from} wrote them (${result.withoutBase.join(', ')}): merged two ways, every difference marked.\n`,
    );
  }
}

/**
 * Updates the project, prints what changed, then checks it and (unless
 * --skip-tests, nothing changed or conflicts remain) runs its tests.
 * Returns the exit code: EXIT_UPDATE_CONFLICTS when conflicts were marked,
 * else check's failure (1), else the tests' code.
 */
export async function updateCommand(
  dir: string,
  flags: UpdateFlags,
  tests: RunTestsOptions,
  io: Io,
  cwd: string,
): Promise<number> {
  const projectDir = path.resolve(cwd, dir);
  const result = await updateProjectFiles(
    projectDir,
    { force: flags.force === true, dryRun: flags.dryRun === true },
    io,
  );
  const changed = result.written.length > 0 || result.removals.length > 0;
  const command = io.commands?.dispatcher ?? NPX_COMMANDS.dispatcher;
  if (!changed) {
    io.stderr.write(
      result.from === result.to
        ? `✔ Already up to date with create-pacifica-dispatcher ${result.to}: nothing to change.\n`
        : `✔ Nothing to change from ${result.from} to ${result.to}.\n`,
    );
  } else {
    reportBase(result, io);
    io.stderr.write(
      `${flags.dryRun ? 'ℹ Would update' : 'ℹ Updated'} the project from create-pacifica-dispatcher ${result.from} to ${result.to}:\n`,
    );
    reportFiles(result, io);
  }
  if (result.outsideGit && changed && !flags.dryRun)
    io.stderr.write('ℹ The project is not in a git work tree: nothing records what the update changed.\n');
  if (flags.dryRun) {
    io.stdout.write(result.diff ?? '');
    if (changed) io.stderr.write('  Nothing was written (--dry-run).\n');
    return result.conflicts.length > 0 ? EXIT_UPDATE_CONFLICTS : 0;
  }
  if (result.conflicts.length > 0) {
    io.stderr.write(
      `✖ ${plural(result.conflicts.length, 'file')} with conflict markers to resolve: ${result.conflicts.map((c) => c.path).join(', ')}\n` +
        `  Between <<<<<<< yours and ======= are your lines, then the template's up to >>>>>>>; keep what belongs, remove the markers, then: ${command} check && ${command} test\n`,
    );
    return EXIT_UPDATE_CONFLICTS;
  }
  const checked = await checkCommand(projectDir, { format: 'text' }, io, cwd);
  if (checked !== EXIT_CHECK_PASSED) return checked;
  if (flags.skipTests) return 0;
  if (!changed) {
    io.stderr.write(`ℹ Nothing changed, so the tests were not run (${command} test runs them).\n`);
    return 0;
  }
  const { testCommand } = await import('./test.js');
  return testCommand(projectDir, tests, io);
}
