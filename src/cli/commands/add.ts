import path from 'node:path';
import { NPX_COMMANDS } from '../../core/invocation.js';
import type { Io } from '../../core/io.js';
import { type AddResult, addFixture, addRoute, answersFromFlags, type Flags } from '../../pipeline/index.js';

/** `add fixture` and `add route`: change a project, then say what changed; they return the exit code. */

function report(result: AddResult, io: Io): number {
  for (const file of result.merged) io.stderr.write(`  merged the change into your edited ${file}\n`);
  io.stderr.write(
    `  ${result.written.length} files written. Run the tests: ${io.commands?.dispatcher ?? NPX_COMMANDS.dispatcher} test\n`,
  );
  return 0;
}

export async function addFixtureCommand(
  flags: { from: string[]; eventId?: string; route?: string; directory: string; force?: boolean },
  io: Io,
  cwd: string,
): Promise<number> {
  const result = await addFixture(
    path.resolve(cwd, flags.directory),
    {
      from: flags.from.map((from) => path.resolve(cwd, from)),
      ...(flags.eventId !== undefined ? { eventId: flags.eventId } : {}),
      ...(flags.route !== undefined ? { route: flags.route } : {}),
      force: flags.force === true,
    },
    io,
  );
  return report(result, io);
}

export async function addRouteCommand(
  routeName: string,
  flags: Flags & { directory: string; force?: boolean },
  io: Io,
  cwd: string,
): Promise<number> {
  const { directory, fixture, force, ...routeFlags } = flags;
  const result = await addRoute(
    path.resolve(cwd, directory),
    routeName,
    {
      route: answersFromFlags(undefined, routeFlags, cwd),
      fixtures: (fixture ?? []).map((data) => path.resolve(cwd, data)),
      force: force === true,
    },
    io,
  );
  return report(result, io);
}
