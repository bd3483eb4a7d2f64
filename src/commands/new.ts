import path from 'node:path';
import type { Command } from 'commander';
import type { Flags } from '../answers.js';
import type { CreateResult } from '../create.js';
import type { Io } from '../io.js';
import { SOP_SOURCE } from '../routes.js';
import { addRouteOptions, collect } from './route-options.js';
import { runnerOptionsFrom, type RunnerFlags } from './runner-flags.js';

export function addNewCommandOptions(command: Command): Command {
  command
    .description('Create a complete, tested Pacifica dispatcher project.')
    .argument('[project-name]', 'the project name, e.g. "Hello, world!" (see README "Naming")')
    .option('-d, --directory <dir>', 'where to write the project (default: ./pacifica-dispatcher-{name})')
    .option('-y, --yes', 'ask nothing: use flags, the answers file and defaults')
    .option('--force', 'write into a non-empty directory (same paths are replaced, nothing else is touched)')
    .option('--dry-run', 'print the files that would be written, write nothing')
    .option('--json', 'print a machine-readable manifest on stdout (progress goes to stderr)')
    .option('--skip-tests', 'do not install the project and run its tests')
    .option('--description <text>', 'one-line description of the dispatcher')
    .option('--author <name>', 'author name')
    .option('--author-email <email>', 'author email');
  return addRouteOptions(command, { keyValue: '{name}-key={name}-value', eventType: 'org.pacifica.metadata.ingest', source: `"${SOP_SOURCE}", the SOP's` })
    .option('--fixture <path>', 'a data file or directory for one test event (repeatable; default: a sample file)', collect)
    .option('--ci <providers>', 'comma-separated: github, travis, appveyor, or none (default github)')
    .option('--answers <file>', 'a JSON file of answers (flags win over it)');
}

const relativeDir = (dir: string, cwd: string): string => {
  const relative = path.relative(cwd, dir);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? dir : `.${path.sep}${relative}`;
};

function printOutcome(result: CreateResult, flags: Flags & { json?: boolean; dryRun?: boolean }, io: Io, cwd: string): void {
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (!result.written) {
    io.stderr.write(`Dry run: ${result.files.length} files would be written to ${result.directory}\n`);
    for (const file of result.files) io.stdout.write(`${file.path}\t${file.size}\n`);
    return;
  }
  const dir = relativeDir(result.directory, cwd);
  io.stderr.write(`\nNext:\n  cd ${dir}\n`);
  if (result.tests === undefined) io.stderr.write('  npx -p create-pacifica-dispatcher pacifica-dispatcher test      # install into .venv and run the tests\n');
  io.stderr.write(`  edit ${result.names.packageDir}/event_handlers.py   # your work goes in handle()\n`);
}

/** `new`: answers -> project -> tests; returns the exit code. */
export async function newCommandAction(projectName: string | undefined, flags: Flags & RunnerFlags & { force?: boolean; dryRun?: boolean; json?: boolean; skipTests?: boolean }, io: Io, cwd: string): Promise<number> {
  // Loaded only now: --help, --version and usage errors need none of it.
  const [{ resolveAnswers }, { createProject }] = await Promise.all([import('../answers.js'), import('../create.js')]);
  const answers = await resolveAnswers(projectName, flags, io, cwd);
  const result = await createProject(answers, {
    force: flags.force === true,
    dryRun: flags.dryRun === true,
    skipTests: flags.skipTests === true,
    tests: runnerOptionsFrom(flags),
  }, io);
  printOutcome(result, flags, io, cwd);
  return result.tests?.exitCode ?? 0;
}
