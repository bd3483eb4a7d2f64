import type { Command } from 'commander';
import { METADATA_DEFAULT_SOURCE } from '../../core/sources.js';

/** commander's way to take a flag several times: each value is appended. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * The options that describe a route, shared by `new` and `add route`; only
 * their defaults differ, and the help says which.
 */
export function addRouteOptions(
  command: Command,
  defaults: { keyValue: string; eventType: string; source: string },
): Command {
  return command
    .option(
      '--key-value <key=value>',
      `a TransactionKeyValue the route requires; "key" alone requires the key only (repeatable; default ${defaults.keyValue})`,
      collect,
    )
    .option('--mimetype <type>', 'the route requires a file of this mimetype (default text/plain)')
    .option('--subdir <dir>', 'in this subdirectory ("" = top level, the default)')
    .option('--no-file-filter', 'the route requires no particular file')
    .option('--event-type <type>', `the eventType the route requires (default ${defaults.eventType})`)
    .option('--source <source>', `the source the route requires (default ${defaults.source})`)
    .option(
      '--no-source',
      `the route does not check the source (a default Metadata deployment sends ${METADATA_DEFAULT_SOURCE})`,
    );
}
