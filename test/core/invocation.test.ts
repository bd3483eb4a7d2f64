import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCommands, NPX_COMMANDS } from '../../src/core/invocation.js';

/** The command a hint prints must run where the user is: by package manager, install and checkout. */
describe('detectCommands', () => {
  const npxRoot = '/home/ada/.npm/_npx/1a2b/node_modules/create-pacifica-dispatcher';
  it.each([
    ['npm create / npx', npxRoot, 'npm/10.8.2 node/v20.19.0 linux x64 workspaces/false', NPX_COMMANDS],
    [
      'pnpm dlx / pnpm create',
      '/home/ada/.cache/pnpm/dlx/x/node_modules/create-pacifica-dispatcher',
      'pnpm/9.12.0 npm/? node/v20.19.0 linux x64',
      {
        create: 'pnpm dlx create-pacifica-dispatcher',
        dispatcher: 'pnpm --package=create-pacifica-dispatcher dlx pacifica-dispatcher',
      },
    ],
    [
      'yarn 4 dlx',
      '/tmp/xfs-1/dlx/node_modules/create-pacifica-dispatcher',
      'yarn/4.5.0 npm/? node/v20.19.0 linux x64',
      {
        create: 'yarn dlx create-pacifica-dispatcher',
        dispatcher: 'yarn dlx -p create-pacifica-dispatcher pacifica-dispatcher',
      },
    ],
    [
      'yarn 1 create',
      '/home/ada/.config/yarn/global/node_modules/create-pacifica-dispatcher',
      'yarn/1.22.22 npm/? node/v20.19.0 linux x64',
      { create: 'yarn create pacifica-dispatcher', dispatcher: NPX_COMMANDS.dispatcher },
    ],
    [
      'bunx',
      '/tmp/bunx-0-create-pacifica-dispatcher/node_modules/create-pacifica-dispatcher',
      'bun/1.1.30 npm/? node/v22.6.0 linux x64',
      {
        create: 'bunx create-pacifica-dispatcher',
        dispatcher: 'bunx --package create-pacifica-dispatcher pacifica-dispatcher',
      },
    ],
    [
      'a global install run from PATH',
      '/usr/local/lib/node_modules/create-pacifica-dispatcher',
      undefined,
      { create: 'create-pacifica-dispatcher', dispatcher: 'pacifica-dispatcher' },
    ],
  ])('%s', (_how, root, agent, expected) => {
    expect(detectCommands(root, { ...(agent ? { npm_config_user_agent: agent } : {}) }, 'linux')).toEqual(expected);
  });

  it.each([
    [
      'a tarball by relative path',
      './create-pacifica-dispatcher-0.1.0.tgz',
      '/home/ada/create-pacifica-dispatcher-0.1.0.tgz',
    ],
    ['a file: spec', 'create-pacifica-dispatcher@file:../pkg.tgz', '/home/pkg.tgz'],
    ['a version', 'create-pacifica-dispatcher@0.1.0', 'create-pacifica-dispatcher@0.1.0'],
  ])('names again what `npx -p` was given: %s', (_what, spec, named) => {
    expect(
      detectCommands(
        npxRoot,
        { npm_config_user_agent: 'npm/11.1.0 node/v20', npm_config_package: spec },
        'linux',
        '/home/ada',
      ),
    ).toEqual({
      create: `npx -p ${named} create-pacifica-dispatcher`,
      dispatcher: `npx -p ${named} pacifica-dispatcher`,
    });
  });

  it('ignores an npx package that is not this one (a nested npx of another tool)', () => {
    expect(
      detectCommands(
        npxRoot,
        { npm_config_user_agent: 'npm/11.1.0 node/v20', npm_config_package: 'cowsay' },
        'linux',
        '/home/ada',
      ),
    ).toEqual(NPX_COMMANDS);
  });

  it("names the checkout's bins by absolute path, quoted for the shell, whatever runs it", () => {
    const root = path.resolve('/home/ada/src/my tools/create-pacifica-dispatcher');
    expect(detectCommands(root, { npm_config_user_agent: 'npm/10.8.2 node/v20' }, 'linux')).toEqual({
      create: `node '${root}/bin/create-pacifica-dispatcher.js'`,
      dispatcher: `node '${root}/bin/pacifica-dispatcher.js'`,
    });
  });
});
