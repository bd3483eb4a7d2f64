import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin } from './cli.js';
import { TmuxSession } from './tmux.js';

const sessions: TmuxSession[] = [];
const start = (args: string, cwd: string, env = ''): TmuxSession => {
  const session = new TmuxSession(`${env}'${process.execPath}' '${createBin}' ${args}`, cwd);
  sessions.push(session);
  return session;
};
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

/** A git configuration of its own (as an env prefix), so the author defaults are known. */
function gitIdentity(dir: string): string {
  writeFileSync(path.join(dir, 'gitconfig'), '[user]\n\tname = Grace Hopper\n\temail = grace@example.org\n');
  return `GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL='${path.join(dir, 'gitconfig')}' `;
}

describe('interactive prompts in a real terminal', () => {
  it('asks for what is missing, shows the names, and writes the project once confirmed', async () => {
    const cwd = tempDir();
    const session = start('--skip-tests', cwd, gitIdentity(cwd));
    await session.waitFor(/Project name/);
    session.send('Tmux Made', true);
    session.send('Enter');
    await session.waitFor(/Directory/);
    session.send('Enter');
    await session.waitFor(/Description/);
    session.send('Made by typing', true);
    session.send('Enter');
    // The author defaults to git's user.name and user.email.
    await session.waitFor(/Author \(Grace Hopper\)/);
    session.send('Enter');
    await session.waitFor(/Author email \(grace@example\.org\)/);
    session.send('Enter');
    await session.waitFor(/Key-value filters/);
    session.send('Enter');
    await session.waitFor(/File filter/);
    session.send('Enter');
    await session.waitFor(/Subdirectory/);
    session.send('Enter');
    // The default choice carries its own consequence.
    const source = await session.waitFor(/Check the event source/);
    expect(source).toMatch(
      /❯ Yes, require "\/pacifica\/metadata\/ingest" \(the SOP's value; a default Pacifica Metadata deployment never sends it\)/,
    );
    session.send('Down');
    session.send('Enter');
    await session.waitFor(/Data files or directories/);
    session.send('Enter');
    await session.waitFor(/Continuous integration/);
    session.send('Enter');
    const summary = await session.waitFor(/Write the project\?/);
    expect(summary).toMatch(/repository\s+pacifica-dispatcher-tmux-made/);
    expect(summary).toMatch(/package\s+pacifica\/dispatcher_tmux_made \(pacifica\.dispatcher_tmux_made\)/);
    expect(summary).toMatch(/classes\s+TmuxMadeEventHandler, TmuxMadeTestCase/);
    expect(summary).toMatch(/route file\s+pacifica\/dispatcher_tmux_made\/jsonpath2\/tmux_made\.txt/);
    expect(summary).toMatch(/test file\s+tests\/tmux_made_test\.py/);
    expect(readdirSync(cwd)).toEqual(['gitconfig']);
    session.send('Enter');
    await session.waitFor(/EXIT=0/, 60_000);
    const dir = path.join(cwd, 'pacifica-dispatcher-tmux-made');
    const state = JSON.parse(readFileSync(path.join(dir, '.pacifica-dispatcher.json'), 'utf8')) as {
      description: string;
      author: string;
      authorEmail: string;
      routes: { source?: string; mimetype?: string; keyValues: unknown }[];
    };
    expect(state).toMatchObject({
      description: 'Made by typing',
      author: 'Grace Hopper',
      authorEmail: 'grace@example.org',
    });
    expect(state.routes[0]?.source).toBeUndefined();
    expect(state.routes[0]?.mimetype).toBe('text/plain');
    expect(state.routes[0]?.keyValues).toEqual([{ key: 'tmux-made-key', value: 'tmux-made-value' }]);
  });

  it('exits 130 on Ctrl-C and leaves nothing behind', async () => {
    const cwd = tempDir();
    const session = start('"Cancelled One" --skip-tests', cwd);
    await session.waitFor(/Directory/);
    session.send('Enter');
    await session.waitFor(/Description/);
    session.send('C-c');
    await session.waitFor(/EXIT=130/);
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(path.join(cwd, 'pacifica-dispatcher-cancelled-one'))).toBe(false);
  });

  it('asks nothing with --yes, even in a terminal', async () => {
    const cwd = tempDir();
    const session = start('"Quiet One" --yes --skip-tests', cwd);
    const screen = await session.waitFor(/EXIT=\d+/, 60_000);
    expect(screen).toContain('EXIT=0');
    expect(screen).not.toContain('Description');
  });
});
