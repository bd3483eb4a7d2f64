import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin } from './cli.js';
import { TmuxSession } from './tmux.js';

const sessions: TmuxSession[] = [];
const start = (args: string, cwd: string): TmuxSession => {
  const session = new TmuxSession(`'${process.execPath}' '${createBin}' ${args}`, cwd);
  sessions.push(session);
  return session;
};
afterEach(() => sessions.splice(0).forEach((session) => session.kill()));

describe('interactive prompts in a real terminal', () => {
  it('asks for what is missing and writes the project from the answers', async () => {
    const cwd = tempDir();
    const session = start('--skip-tests', cwd);
    await session.waitFor(/Project name/);
    session.send('Tmux Made', true);
    session.send('Enter');
    await session.waitFor(/Directory/);
    session.send('Enter');
    await session.waitFor(/Description/);
    session.send('Made by typing', true);
    session.send('Enter');
    await session.waitFor(/Author \(|Author$/m);
    session.send('Ada', true);
    session.send('Enter');
    await session.waitFor(/Author email/);
    session.send('not-an-email', true);
    session.send('Enter');
    await session.waitFor(/is not an email address/);
    session.send('C-u');
    for (let i = 0; i < 20; i += 1) session.send('BSpace');
    session.send('ada@example.org', true);
    session.send('Enter');
    await session.waitFor(/Key-value filters/);
    session.send('Enter');
    await session.waitFor(/Mimetype/);
    session.send('Enter');
    await session.waitFor(/Subdirectory/);
    session.send('Enter');
    await session.waitFor(/Check the event source/);
    session.send('Down');
    session.send('Enter');
    await session.waitFor(/Data files or directories/);
    session.send('Enter');
    await session.waitFor(/Continuous integration/);
    session.send('Enter');
    await session.waitFor(/EXIT=0/, 60_000);
    const dir = path.join(cwd, 'pacifica-dispatcher-tmux-made');
    const state = JSON.parse(readFileSync(path.join(dir, '.pacifica-dispatcher.json'), 'utf8')) as { description: string; author: string; authorEmail: string; routes: { source?: string; keyValues: unknown }[] };
    expect(state).toMatchObject({ description: 'Made by typing', author: 'Ada', authorEmail: 'ada@example.org' });
    expect(state.routes[0]?.source).toBeUndefined();
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
