import { Command, Option } from 'commander';
import type { Io } from '../core/io.js';
import { smokeProjectList } from '../core/smoke-set.js';
import { SOP_SOURCE } from '../core/sources.js';
import { TOOL_VERSION } from '../core/version.js';
import type { Flags } from '../pipeline/index.js';
import type { CheckFormat } from './commands/check.js';
import { addRouteOptions, collect } from './commands/route-options.js';
import { addRunnerOptions, type RunnerFlags, runnerOptionsFrom } from './commands/runner-flags.js';
import type { SmokeFlags } from './commands/smoke.js';
import type { UpdateFlags } from './commands/update.js';

/**
 * Every command with its arguments, options and help, in one place and one
 * way: each action loads what it runs (cli/commands/) only when it runs, so
 * --help, --version and usage errors load none of it.
 */

/** What a command needs from the process; cli/index.ts, the only module that touches the process, builds it. */
export interface CommandContext {
  io: Io;
  cwd: string;
  /** Running as a GitHub Actions step (GITHUB_ACTIONS=true): `check` annotates the pull request by default. */
  githubActions: boolean;
  setExitCode: (code: number) => void;
}

/** A commander action that runs `action` and hands its exit code to the process. */
const exitWith =
  <Args extends unknown[]>(context: CommandContext, action: (...args: Args) => Promise<number>) =>
  async (...args: Args): Promise<void> =>
    context.setExitCode(await action(...args));

/** `new`, for both programs: create-pacifica-dispatcher is `pacifica-dispatcher new`. */
function configureNew(command: Command, context: CommandContext): Command {
  command
    .description('Create a complete, tested Pacifica dispatcher project.')
    .argument('[project-name]', 'the project name, e.g. "Hello, world!" (see README "Naming")')
    .option('-d, --directory <dir>', 'where to write the project (default: ./pacifica-dispatcher-{name})')
    .option('-y, --yes', 'ask nothing: use flags, the answers file and defaults')
    .option('--force', 'write into a non-empty directory (same paths are replaced, nothing else is touched)')
    .option('--dry-run', 'print the files that would be written, write nothing')
    .option('--json', 'print a machine-readable manifest on stdout (progress goes to stderr)')
    .option('--skip-tests', 'do not install the project and run its tests')
    .option('--no-git', 'do not make the project a git repository with a first commit')
    .option('--description <text>', 'one-line description of the dispatcher')
    .option('--author <name>', 'author name')
    .option('--author-email <email>', 'author email');
  addRouteOptions(command, {
    keyValue: '{name}-key={name}-value',
    eventType: 'org.pacifica.metadata.ingest',
    source: `"${SOP_SOURCE}", the SOP's`,
  })
    .option(
      '--fixture <path>',
      'a data file or directory for one test event (repeatable; default: a sample file)',
      collect,
    )
    .option('--ci <providers>', 'comma-separated: github, travis, appveyor, or none (default github)')
    .option('--answers <file>', 'a JSON file of answers (flags win over it)');
  return addRunnerOptions(command).action(
    exitWith(context, async (projectName: string | undefined, flags) => {
      const { newCommand } = await import('./commands/new.js');
      return newCommand(projectName, flags, context.io, context.cwd);
    }),
  );
}

function addJsonpathCommand(program: Command, context: CommandContext): void {
  program
    .command('jsonpath')
    .description(
      'Match a jsonpath2 route file or expression against a JSON document, as upstream jsonpath2 0.4.5 does.',
    )
    .argument('[route-or-expression]', 'a route file, or a jsonpath2 expression (not with --jsonl)')
    .argument('[json-file]', 'the JSON document; "-" or absent: standard input')
    .option('--jsonl', 'batch mode: read {"path", "doc"} lines on stdin, write one result line each')
    .addOption(new Option('--contains', 'accept the `contains` operator (jsonpath2 after 0.4.5)'))
    .action(
      exitWith(
        context,
        async (
          expression: string | undefined,
          input: string | undefined,
          flags: { jsonl?: boolean; contains?: boolean },
        ) => {
          const { jsonpathCommand } = await import('./commands/jsonpath.js');
          return jsonpathCommand(
            {
              ...(expression !== undefined ? { expression } : {}),
              ...(input !== undefined ? { input } : {}),
              jsonl: flags.jsonl === true,
              contains: flags.contains === true,
            },
            context.io,
          );
        },
      ),
    );
}

function addTestCommand(program: Command, context: CommandContext): void {
  const test = program
    .command('test')
    .description('Install a dispatcher project into a virtualenv and run its tests.')
    .argument('[dir]', 'the project directory', '.');
  addRunnerOptions(test).action(
    exitWith(context, async (dir: string, flags: RunnerFlags) => {
      const { testCommand } = await import('./commands/test.js');
      return testCommand(dir, runnerOptionsFrom(flags, context.cwd), context.io);
    }),
  );
}

function addCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description(
      'Check a dispatcher project: routes parse and match their events once, fixtures match their data, names follow the SOP.',
    )
    .argument('[dir]', 'the project directory', '.')
    .addOption(
      new Option(
        '--format <format>',
        'what stdout gets beside the report on stderr: nothing (text), ' +
          '{"ok", "problems": [...]} (json), or GitHub Actions annotations (github); ' +
          'default: github when GITHUB_ACTIONS=true, else text',
      ).choices(['text', 'json', 'github'] satisfies CheckFormat[]),
    )
    .option('--json', 'the same as --format json: {"ok", "problems": [...]} on stdout, for CI')
    .action(
      exitWith(context, async (dir: string, flags: { format?: CheckFormat; json?: boolean }) => {
        const { checkCommand } = await import('./commands/check.js');
        return checkCommand(dir, { ...flags, githubActions: context.githubActions }, context.io, context.cwd);
      }),
    );
}

function addAddCommands(program: Command, context: CommandContext): void {
  const add = program.command('add').description('Add a fixture event or a route to a generated project.');
  const forceHelp = 'replace managed files you edited, if the change cannot be merged into them';

  add
    .command('fixture')
    .description('Add a test event built from real data for a route, and prove the route against it.')
    .requiredOption('--from <path>', 'a data file or directory; one event each (repeatable)', collect)
    .option('--event-id <id>', 'the event id (default metadata.ingest.N, the next transaction id)')
    .option('--route <name>', 'the route the event is for (default: the only route)')
    .option('-d, --directory <dir>', 'the project directory', '.')
    .option('--force', forceHelp)
    .action(
      exitWith(
        context,
        async (flags: { from: string[]; eventId?: string; route?: string; directory: string; force?: boolean }) => {
          const { addFixtureCommand } = await import('./commands/add.js');
          return addFixtureCommand(flags, context.io, context.cwd);
        },
      ),
    );

  const route = add
    .command('route')
    .description('Add a route: its JSONPath file, handler, router entry, tests and its own fixture event.')
    .argument('<route-name>', 'e.g. "thumbnails": gives jsonpath2/thumbnails.txt and ThumbnailsEventHandler');
  addRouteOptions(route, {
    keyValue: '{route}-key={route}-value',
    eventType: "the first route's",
    source: "the first route's",
  })
    .option('--fixture <path>', "data for the route's test event (repeatable; default: a sample file)", collect)
    .option('-d, --directory <dir>', 'the project directory', '.')
    .option('--force', forceHelp)
    .action(
      exitWith(context, async (routeName: string, flags: Flags & { directory: string; force?: boolean }) => {
        const { addRouteCommand } = await import('./commands/add.js');
        return addRouteCommand(routeName, flags, context.io, context.cwd);
      }),
    );
}

function addSmokeCommand(program: Command, context: CommandContext): void {
  const smoke = program
    .command('smoke')
    .description(
      'Generate a set of representative projects into a temporary directory, check them and run their tests ' +
        'in one shared environment, and print a table; for the CI of an upstream library (--with .).',
    )
    .option('--only <name>', 'only this project of the set, by name or id (repeatable; the set is below)', collect)
    .option('--keep', 'keep the generated projects (the output says where) instead of removing them')
    .option('--skip-tests', 'generate and check the projects; install and test nothing');
  addRunnerOptions(smoke)
    .addHelpText(
      'after',
      `\nThe set (--only takes the id or the name):\n${smokeProjectList()}\n` +
        'The first project installs the dependencies and each --with (into the .venv it creates,\n' +
        'or the --use-python environment); the others install only themselves into it.\n',
    )
    .action(
      exitWith(context, async (flags: SmokeFlags) => {
        const { smokeCommand } = await import('./commands/smoke.js');
        return smokeCommand(flags, context.io, context.cwd);
      }),
    );
}

function addUpdateCommand(program: Command, context: CommandContext): void {
  const update = program
    .command('update')
    .description(
      "Bring a generated project up to this version's template: files you never edited are replaced, " +
        'your edits kept, clashes marked with conflict markers; then check it and run its tests.',
    )
    .argument('[dir]', 'the project directory', '.')
    .option('--dry-run', 'print the diff of what would change on stdout, write nothing')
    .option('--force', 'update even though the git work tree has uncommitted changes')
    .option('--skip-tests', 'do not install the project and run its tests afterwards');
  addRunnerOptions(update).action(
    exitWith(context, async (dir: string, flags: RunnerFlags & UpdateFlags) => {
      const { updateCommand } = await import('./commands/update.js');
      return updateCommand(dir, flags, runnerOptionsFrom(flags, context.cwd), context.io, context.cwd);
    }),
  );
}

function addAdoptCommand(program: Command, context: CommandContext): void {
  program
    .command('adopt')
    .description(
      'Take a dispatcher made by hand (a fork of pacifica-dispatcher-example) under management: detect its names, ' +
        'routes, handlers and events, write .pacifica-dispatcher.json, report what does not follow the SOP, then check it.',
    )
    .argument('[dir]', 'the project directory', '.')
    .option('-y, --yes', 'also apply the fixes the report offers (in the same atomic write)')
    .option('--dry-run', 'show what would be written (the state file on stdout), write nothing')
    .action(
      exitWith(context, async (dir: string, flags: { yes?: boolean; dryRun?: boolean }) => {
        const { adoptCommand } = await import('./commands/adopt.js');
        return adoptCommand(dir, flags, context.io, context.cwd);
      }),
    );
}

/** `pacifica-dispatcher`: every command. */
export function buildDispatcherProgram(context: CommandContext): Command {
  const program = new Command('pacifica-dispatcher')
    .description('Create and maintain Pacifica dispatcher projects.')
    .version(TOOL_VERSION);
  configureNew(program.command('new'), context);
  addJsonpathCommand(program, context);
  addTestCommand(program, context);
  addCheckCommand(program, context);
  addAddCommands(program, context);
  addUpdateCommand(program, context);
  addAdoptCommand(program, context);
  addSmokeCommand(program, context);
  return program;
}

const createExamples = (io: Io): string => `
Examples:
  $ create-pacifica-dispatcher                                  ask for everything
  $ create-pacifica-dispatcher "Hello, world!" --yes --no-source
  $ create-pacifica-dispatcher Spectra --yes --key-value kind=spectrum --mimetype text/csv --fixture ./run-17

Existing projects: pacifica-dispatcher check | test | add route | add fixture | update | adopt | jsonpath
(${io.commands?.dispatcher ?? 'pacifica-dispatcher'} --help)`;

/** `create-pacifica-dispatcher`: `new` alone. */
export function buildCreateProgram(context: CommandContext): Command {
  return configureNew(new Command('create-pacifica-dispatcher').version(TOOL_VERSION), context).addHelpText(
    'after',
    createExamples(context.io),
  );
}
