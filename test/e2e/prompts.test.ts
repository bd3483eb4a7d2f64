import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { insideTemp, tempDir } from '../helpers/tmp.js';
import { createBin, run } from './cli.js';
import { TmuxSession } from './tmux.js';

/**
 * Each prompt case in a real terminal: an answer is checked at its own
 * question and asked again, nothing is written before the user confirms,
 * and a failure after the questions keeps the answers.
 */
const sessions: TmuxSession[] = [];
const start = (args: string, cwd: string): TmuxSession => {
  const session = new TmuxSession(`'${process.execPath}' '${createBin}' ${args}`, cwd);
  sessions.push(session);
  return session;
};
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

/** Answers for the questions a test is not about. */
const REST = '--skip-tests --no-git --description Typed --author Ada --author-email ada@example.org --ci github';

type State = {
  description: string;
  routes: { mimetype?: string; subdir?: string; source?: string }[];
  events: { eventId: string }[];
};
const state = (dir: string): State =>
  JSON.parse(readFileSync(path.join(dir, '.pacifica-dispatcher.json'), 'utf8')) as State;

async function answer(session: TmuxSession, question: RegExp, ...keys: string[]): Promise<string> {
  const screen = await session.waitFor(question);
  for (const key of keys) session.send(key, !/^(Enter|Down|Up|C-u|BSpace)$/.test(key));
  return screen;
}

describe('prompts in a real terminal', () => {
  it('takes "No file filter" as an answer, and then asks no subdirectory', async () => {
    const cwd = tempDir();
    const session = start(`"No Filter" -d out --key-value kind --no-source ${REST}`, cwd);
    await answer(session, /File filter/, 'Down', 'Enter');
    await answer(session, /Data files or directories/, 'Enter');
    const summary = await answer(session, /Write the project\?/, 'Enter');
    expect(summary).not.toContain('Subdirectory');
    await session.waitFor(/EXIT=0/, 60_000);
    expect(state(path.join(cwd, 'out')).routes[0]?.mimetype).toBeUndefined();
    expect(state(path.join(cwd, 'out')).routes[0]?.subdir).toBeUndefined();
  });

  it('refuses a non-empty directory at its own question and asks again', async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'taken'));
    writeFileSync(path.join(cwd, 'taken', 'notes.txt'), 'mine\n');
    const session = start(`"Dir Check" --key-value kind --mimetype text/plain --subdir '' --no-source ${REST}`, cwd);
    await answer(session, /Directory/, 'taken', 'Enter');
    await session.waitFor(/Target directory .*taken" is not empty/);
    await answer(session, /Directory/, 'C-u', 'fresh', 'Enter');
    await answer(session, /Data files or directories/, 'Enter');
    await answer(session, /Write the project\?/, 'Enter');
    await session.waitFor(/EXIT=0/, 60_000);
    expect(readdirSync(path.join(cwd, 'taken'))).toEqual(['notes.txt']);
    expect(state(path.join(cwd, 'fresh')).description).toBe('Typed');
  });

  it('refuses a missing fixture and one the route would not take, at their question, and asks again', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'table.csv'), 'a,b\n1,2\n');
    writeFileSync(path.join(cwd, 'notes.txt'), 'a reading\n');
    const session = start(`"Fixture Check" -d out --key-value kind --no-source ${REST}`, cwd);
    await answer(session, /File filter/, 'Enter');
    await answer(session, /Subdirectory/, 'Enter');
    await answer(session, /Data files or directories/, 'nowhere.txt', 'Enter');
    await session.waitFor(/"nowhere\.txt" does not exist/);
    await answer(session, /Data files or directories/, 'C-u', 'table.csv', 'Enter');
    await session.waitFor(/text\/plain/);
    await session.waitFor(/does not match|no Files item|mimetype/);
    await answer(session, /Data files or directories/, 'C-u', 'notes.txt', 'Enter');
    await answer(session, /Write the project\?/, 'Enter');
    await session.waitFor(/EXIT=0/, 60_000);
    expect(
      readFileSync(path.join(cwd, 'out', 'tests', 'test_files', 'metadata.ingest.1', 'data', 'notes.txt'), 'utf8'),
    ).toBe('a reading\n');
  });

  it('goes back from the summary with the answers so far as defaults', async () => {
    const cwd = tempDir();
    const session = start(
      `"Go Back" -d out --author Ada --author-email ada@example.org --key-value kind --mimetype text/plain --subdir '' --no-source --ci github --skip-tests --no-git`,
      cwd,
    );
    await answer(session, /Description/, 'C-u', 'First try', 'Enter');
    await answer(session, /Data files or directories/, 'Enter');
    await answer(session, /Write the project\?/, 'Down', 'Enter');
    await session.waitFor(/Description \(First try\)/);
    expect(readdirSync(cwd)).toEqual([]);
    await answer(session, /Description \(First try\)/, 'Second try', 'Enter');
    await answer(session, /Data files or directories/, 'Enter');
    await session.waitFor(/Write the project\?[\s\S]*Write the project\?/);
    session.send('Enter');
    await session.waitFor(/EXIT=0/, 60_000);
    expect(state(path.join(cwd, 'out')).description).toBe('Second try');
  });

  it('keeps the answers when the project fails after the questions, and replays them', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'table.csv'), 'a,b\n1,2\n');
    // The fixture comes by flag, so only the route typed later can refuse it.
    const session = start(
      `"Late Fail" -d out --fixture table.csv --key-value kind --no-source --author Ada --author-email ada@example.org --ci github --skip-tests --no-git`,
      cwd,
    );
    await answer(session, /Description/, 'C-u', 'Typed once', 'Enter');
    await answer(session, /File filter/, 'Enter');
    await answer(session, /Subdirectory/, 'Enter');
    await answer(session, /Write the project\?/, 'Enter');
    const screen = await session.waitFor(/EXIT=1/, 60_000);
    const saved = /Your answers are saved in (\S+)\./.exec(screen.replace(/\n(?! )/g, ''))?.[1];
    expect(saved).toBeDefined();
    expect(screen).toContain(`--answers ${saved}`);
    const again = run(createBin, ['--answers', saved!, '--mimetype', 'text/csv', '--yes', '--skip-tests', '--no-git'], {
      cwd,
    });
    rmSync(insideTemp(path.dirname(saved!)), { recursive: true, force: true });
    expect(again.status, again.stderr).toBe(0);
    expect(state(path.join(cwd, 'out'))).toMatchObject({
      description: 'Typed once',
      routes: [{ mimetype: 'text/csv' }],
    });
  });
});
