import path from 'node:path';
import type { Command } from 'commander';
import type { AddResult, Flags } from '../../pipeline/index.js';
import { NPX_COMMANDS } from '../../core/invocation.js';
import type { Io } from '../../core/io.js';
import { addRouteOptions, collect } from './route-options.js';

function report(result: AddResult, io: Io): number {
  for (const file of result.merged) io.stderr.write(`  merged the change into your edited ${file}\n`);
  io.stderr.write(`  ${result.written.length} files written. Run the tests: ${io.commands?.dispatcher ?? NPX_COMMANDS.dispatcher} test\n`);
  return 0;
}

/** `add fixture` and `add route`, as subcommands of `program`. */
export function registerAddCommands(program: Command, io: Io, cwd: string, setExitCode: (code: number) => void): void {
  const add = program.command('add').description('Add a fixture event or a route to a generated project.');

  add.command('fixture')
    .description('Add a test event built from real data for a route, and prove the route against it.')
    .requiredOption('--from <path>', 'a data file or directory; one event each (repeatable)', collect)
    .option('--event-id <id>', 'the event id (default metadata.ingest.N, the next transaction id)')
    .option('--route <name>', 'the route the event is for (default: the only route)')
    .option('-d, --directory <dir>', 'the project directory', '.')
    .option('--force', 'replace managed files you edited, if the change cannot be merged into them')
    .action(async (flags: { from: string[]; eventId?: string; route?: string; directory: string; force?: boolean }) => {
      const { addFixture } = await import('../../pipeline/index.js');
      const result = await addFixture(path.resolve(cwd, flags.directory), {
        from: flags.from.map((from) => path.resolve(cwd, from)),
        ...(flags.eventId !== undefined ? { eventId: flags.eventId } : {}),
        ...(flags.route !== undefined ? { route: flags.route } : {}),
        force: flags.force === true,
      }, io);
      setExitCode(report(result, io));
    });

  const route = add.command('route')
    .description('Add a route: its JSONPath file, handler, router entry, tests and its own fixture event.')
    .argument('<route-name>', 'e.g. "thumbnails": gives jsonpath2/thumbnails.txt and ThumbnailsEventHandler');
  addRouteOptions(route, { keyValue: '{route}-key={route}-value', eventType: 'the first route\'s', source: 'the first route\'s' })
    .option('--fixture <path>', 'data for the route\'s test event (repeatable; default: a sample file)', collect)
    .option('-d, --directory <dir>', 'the project directory', '.')
    .option('--force', 'replace managed files you edited, if the change cannot be merged into them')
    .action(async (routeName: string, flags: Flags & { directory: string; force?: boolean }) => {
      const { directory: _directory, fixture: _fixture, ...routeFlags } = flags;
      const { addRoute, answersFromFlags } = await import('../../pipeline/index.js');
      const partial = answersFromFlags(undefined, routeFlags, cwd);
      const result = await addRoute(path.resolve(cwd, flags.directory), routeName, {
        route: partial,
        fixtures: (flags.fixture ?? []).map((fixture) => path.resolve(cwd, fixture)),
        force: flags.force === true,
      }, io);
      setExitCode(report(result, io));
    });
}
