import path from 'node:path';
import { displayCommand } from './command-line.js';

/**
 * The commands to print in hints ("Next:", "Rerun:", "replay with"), as they
 * work for the way the tool was started: `npx` (or `npm create`), pnpm, yarn,
 * bun, a global install, or `node bin/…` in a checkout. Worked out once by
 * cli/index.ts from the bin path and npm_config_user_agent (which every package
 * manager sets for what it runs), as create-vite and create-next-app do.
 */
export interface Commands {
  /** Runs create-pacifica-dispatcher, e.g. `npx create-pacifica-dispatcher`. */
  create: string;
  /** Runs pacifica-dispatcher, e.g. `npx -p create-pacifica-dispatcher pacifica-dispatcher`. */
  dispatcher: string;
}

const PACKAGE = 'create-pacifica-dispatcher';

/** What npx needs: the default when nothing tells otherwise. */
export const NPX_COMMANDS: Commands = { create: `npx ${PACKAGE}`, dispatcher: `npx -p ${PACKAGE} pacifica-dispatcher` };

/** `pnpm/9.1.0 npm/? node/v20…` -> `pnpm`, with its major version. */
function packageManager(userAgent: string | undefined): { name: string; major: number } | undefined {
  const match = /^(npm|pnpm|yarn|bun)\/(\d+)/.exec(userAgent ?? '');
  return match ? { name: match[1]!, major: Number(match[2]) } : undefined;
}

/**
 * What `npx -p SPEC` (or `npm create pacifica-dispatcher@1.2.0`) was given,
 * when it is this package: a version, a git URL, or a tarball or folder that
 * the hints must name again, since a bare `npx -p create-pacifica-dispatcher`
 * then fetches another version, or fails before the package is published.
 * A relative path is made absolute: hints are run after `cd` into the project.
 */
function npxSpec(spec: string | undefined, cwd: string): string | undefined {
  if (spec === undefined || spec === '' || /\s/.test(spec)) return undefined;
  const file = /^(?:create-pacifica-dispatcher@)?file:(.+)$/.exec(spec)?.[1];
  if (file !== undefined || /^[./~]|\.(tgz|tar\.gz)$/.test(spec)) return path.resolve(cwd, file ?? spec);
  return spec.startsWith(`${PACKAGE}@`) || /^(git\+|github:|https?:)/.test(spec) ? spec : undefined;
}

/** `packageRoot`: where this package really is (symlinks resolved), the directory holding bin/ and dist/. */
export function detectCommands(
  packageRoot: string | undefined,
  env: { npm_config_user_agent?: string; npm_config_package?: string },
  platform: NodeJS.Platform = process.platform,
  cwd = '.',
): Commands {
  if (packageRoot === undefined) return NPX_COMMANDS;
  const installed = path.resolve(packageRoot).split(/[\\/]/).includes('node_modules');
  if (!installed) {
    // A checkout (or an unpacked tarball): its bins by absolute path, since
    // hints are run after `cd` into the project.
    const bin = (file: string): string => path.join(path.resolve(packageRoot), 'bin', file);
    return {
      create: displayCommand(['node', bin(`${PACKAGE}.js`)], platform),
      dispatcher: displayCommand(['node', bin('pacifica-dispatcher.js')], platform),
    };
  }
  const manager = packageManager(env.npm_config_user_agent);
  switch (manager?.name) {
    case undefined:
      // Run from PATH without a package manager: a global install (npm i -g, or a tarball).
      return { create: PACKAGE, dispatcher: 'pacifica-dispatcher' };
    case 'pnpm':
      return { create: `pnpm dlx ${PACKAGE}`, dispatcher: `pnpm --package=${PACKAGE} dlx pacifica-dispatcher` };
    case 'yarn':
      // Yarn 1 has no dlx; its `yarn create` runs the create bin, and npx is beside it.
      return manager.major >= 2
        ? { create: `yarn dlx ${PACKAGE}`, dispatcher: `yarn dlx -p ${PACKAGE} pacifica-dispatcher` }
        : { create: 'yarn create pacifica-dispatcher', dispatcher: NPX_COMMANDS.dispatcher };
    case 'bun':
      return { create: `bunx ${PACKAGE}`, dispatcher: `bunx --package ${PACKAGE} pacifica-dispatcher` };
    default: {
      const spec = npxSpec(env.npm_config_package, cwd);
      return spec === undefined
        ? NPX_COMMANDS
        : {
            create: displayCommand(['npx', '-p', spec, PACKAGE], platform),
            dispatcher: displayCommand(['npx', '-p', spec, 'pacifica-dispatcher'], platform),
          };
    }
  }
}
