/**
 * `pacifica-dispatcher adopt [dir] [--yes] [--dry-run]`: takes a dispatcher
 * made by hand under management (pipeline/adopt.ts), says what it found and
 * what does not follow the SOP, then checks the project as `check` does.
 */
import path from 'node:path';
import { quoteArg } from '../../core/command-line.js';
import { NPX_COMMANDS } from '../../core/invocation.js';
import type { Io } from '../../core/io.js';
import { plural } from '../../core/plural.js';
import { type AdoptResult, adoptProject, fixable } from '../../pipeline/index.js';
import { STATE_FILE } from '../../project/index.js';
import { checkCommand, EXIT_CHECK_PASSED } from './check.js';

export interface AdoptFlags {
  yes?: boolean;
  dryRun?: boolean;
}

/** The command that reruns this adopt, with `more` flags. */
function rerun(dir: string, io: Io, more: string): string {
  const command = io.commands?.dispatcher ?? NPX_COMMANDS.dispatcher;
  return `${command} adopt${dir === '.' ? '' : ` ${quoteArg(dir)}`} ${more}`;
}

function report(result: AdoptResult, dir: string, flags: AdoptFlags, io: Io): void {
  const { names, findings } = result;
  io.stderr.write(`Adopting ${names.repository} (${names.packageDir}):\n`);
  for (const fact of result.facts) io.stderr.write(`  ${fact}\n`);
  const fixes = fixable(result);
  if (findings.length === 0) io.stderr.write('✔ It follows the SOP: nothing to fix.\n');
  else {
    io.stderr.write(
      `Not as the SOP has it (${plural(findings.length, 'finding')}, ${fixes} with a fix${result.fixesApplied ? ' applied' : ''}):\n`,
    );
    for (const finding of findings) {
      io.stderr.write(`  ${finding.fix !== undefined ? '✎' : '⚠'} ${finding.file}: ${finding.message}\n`);
      if (finding.fix !== undefined)
        io.stderr.write(`      fix${result.fixesApplied ? ' (applied)' : ''}: ${finding.fix}\n`);
    }
  }
  const others = [...result.writes.keys()].filter((file) => file !== STATE_FILE).sort();
  const what = [STATE_FILE, ...others].join(', ');
  const removed = result.removals.length > 0 ? `; removes ${[...result.removals].sort().join(', ')}` : '';
  if (!result.written) {
    // What would be written, for a reader or a script: the state file as it would be.
    io.stdout.write(result.writes.get(STATE_FILE) as string);
    io.stderr.write(`Dry run: adopt would write ${what}${removed}. Nothing was written.\n`);
    if (!flags.yes && fixes > 0) io.stderr.write(`With --yes it would also apply the ${plural(fixes, 'fix')}.\n`);
    return;
  }
  io.stderr.write(
    `✔ Wrote ${what}${removed}${result.again ? ` (${STATE_FILE} as the earlier adopt wrote it)` : ''}.\n`,
  );
  if (!result.fixesApplied && fixes > 0)
    io.stderr.write(`To apply the ${plural(fixes, 'fix')} above, run: ${rerun(dir, io, '--yes')}\n`);
}

/** Adopts the project in `dir` (relative to `cwd`), reports, and checks it; returns the exit code. */
export async function adoptCommand(dir: string, flags: AdoptFlags, io: Io, cwd: string): Promise<number> {
  const result = await adoptProject(
    path.resolve(cwd, dir),
    { yes: flags.yes === true, dryRun: flags.dryRun === true },
    io,
  );
  report(result, dir, flags, io);
  if (!result.written) return EXIT_CHECK_PASSED;
  io.stderr.write('Checking the project:\n');
  return checkCommand(path.resolve(cwd, dir), { format: 'text' }, io, cwd);
}
