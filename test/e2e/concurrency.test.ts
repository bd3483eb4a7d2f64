import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, run } from './cli.js';
import { stagingIn, start, waitFor } from './spawn.js';

/** Two real processes at once on one project or one target. */
const LOCK = '.pacifica-dispatcher.lock';
const stateOf = (dir: string): { routes: { name: string }[] } =>
  JSON.parse(readFileSync(path.join(dir, '.pacifica-dispatcher.json'), 'utf8'));

describe('two runs at once', () => {
  it('two `add route` in one project: the second waits for the first, and both routes are kept', async () => {
    const cwd = tempDir();
    expect(run(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'p'], { cwd }).status).toBe(0);
    // The first holds the lock a while (slowed by the test-only hook), so the second surely meets it.
    const first = start(dispatcherBin, ['add', 'route', 'first', '-d', 'p'], {
      cwd,
      env: { PACIFICA_DISPATCHER_TEST_PAUSE: 'stage:100' },
    });
    await waitFor(() => existsSync(path.join(cwd, 'p', LOCK)), 'the first run to take the lock');
    const second = start(dispatcherBin, ['add', 'route', 'second', '-d', 'p'], { cwd });
    const [a, b] = await Promise.all([first.done, second.done]);
    expect([a.status, b.status], a.stderr + b.stderr).toEqual([0, 0]);
    expect(b.stderr).toContain(`Waiting for process ${first.child.pid}, which is changing`);
    expect(stateOf(path.join(cwd, 'p')).routes.map((route) => route.name)).toEqual(['hello', 'first', 'second']);
    const router = readFileSync(path.join(cwd, 'p', 'pacifica/dispatcher_hello/router.py'), 'utf8');
    expect(router).toContain('FirstEventHandler');
    expect(router).toContain('SecondEventHandler');
    expect(existsSync(path.join(cwd, 'p', LOCK))).toBe(false);
    expect(run(dispatcherBin, ['check', 'p'], { cwd }).status).toBe(0);
  });

  it('two `add route` started together never both report success with one route lost', async () => {
    const cwd = tempDir();
    expect(run(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'p'], { cwd }).status).toBe(0);
    const runs = ['left', 'right'].map((name) => ({
      name,
      running: start(dispatcherBin, ['add', 'route', name, '-d', 'p'], { cwd }),
    }));
    const results = await Promise.all(runs.map(async ({ name, running }) => ({ name, ...(await running.done) })));
    const routes = stateOf(path.join(cwd, 'p')).routes.map((route) => route.name);
    for (const result of results) {
      if (result.status === 0) expect(routes).toContain(result.name);
      else expect(result.stderr).toMatch(/is changing/);
    }
    expect(results.some((result) => result.status === 0)).toBe(true);
  });

  it('a lock left by a killed run is taken over, with a message naming its process', () => {
    const cwd = tempDir();
    expect(run(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'p'], { cwd }).status).toBe(0);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(path.join(cwd, 'p', LOCK), `${gone}\n`);
    const result = run(dispatcherBin, ['add', 'route', 'more', '-d', 'p'], { cwd });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`of process ${gone}, which is gone`);
    expect(existsSync(path.join(cwd, 'p', LOCK))).toBe(false);
  });

  it("two `new` into the same new target: the loser says it was created meanwhile, the winner's project is intact", async () => {
    const cwd = tempDir();
    // The slow one stages first; the fast one, started meanwhile, puts its project in place first.
    const slow = start(createBin, ['Slow', '--yes', '--skip-tests', '-d', 'out'], {
      cwd,
      env: { PACIFICA_DISPATCHER_TEST_PAUSE: 'stage:150' },
    });
    await waitFor(() => stagingIn(cwd).length > 0, 'the slow run to stage');
    const fast = await start(createBin, ['Fast', '--yes', '--skip-tests', '-d', 'out'], { cwd }).done;
    const lost = await slow.done;
    expect(fast.status, fast.stderr).toBe(0);
    expect(lost.status).toBe(1);
    expect(lost.stderr).toContain(
      `"${path.join(cwd, 'out')}" was created by someone else while the project was being written; nothing was written to it.`,
    );
    expect(lost.stderr).not.toMatch(/ENOTEMPTY|bug/);
    expect(readdirSync(cwd)).toEqual(['out']);
    expect(JSON.parse(readFileSync(path.join(cwd, 'out', '.pacifica-dispatcher.json'), 'utf8')).projectName).toBe(
      'Fast',
    );
    expect(run(dispatcherBin, ['check', 'out'], { cwd }).status).toBe(0);
  });
});
