import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, run } from './cli.js';
import { committing, snapshot, stagingIn, start, waitFor } from './spawn.js';

/**
 * Real signals sent to real processes at chosen points of a write. The
 * test-only hook PACIFICA_DISPATCHER_TEST_PAUSE=stage:<ms> (or commit:<ms>)
 * slows the writer after each file so that a signal lands where it should.
 */
const slow = (phase: 'stage' | 'commit', ms: number): NodeJS.ProcessEnv => ({
  PACIFICA_DISPATCHER_TEST_PAUSE: `${phase}:${ms}`,
});
const newProject = (cwd: string, dir: string, ...more: string[]): void => {
  const result = run(createBin, ['Hello', '--yes', '--skip-tests', '-d', dir, ...more], { cwd });
  expect(result.status, result.stderr).toBe(0);
};
const sameClock = (relative: string, bytes: Buffer): Buffer =>
  relative.endsWith('event.json')
    ? Buffer.from(bytes.toString('utf8').replace(/"(eventTime|ctime|mtime)": "[^"]*"/g, '"$1": "T"'))
    : bytes;

describe('signals during a write', () => {
  it('SIGTERM during `new -d np/a` removes only what it made: np/ stays, with the np/b another run wrote meanwhile', async () => {
    const cwd = tempDir();
    const a = start(createBin, ['Alpha', '--yes', '--skip-tests', '-d', 'np/a'], { cwd, env: slow('stage', 200) });
    await waitFor(() => stagingIn(path.join(cwd, 'np')).length > 0, 'the first run to stage in np/');
    newProject(cwd, 'np/b');
    a.child.kill('SIGTERM');
    const result = await a.done;
    expect(result.status).toBe(143);
    expect(result.stderr).toContain('Interrupted (SIGTERM). Nothing was left half-written.');
    expect(readdirSync(path.join(cwd, 'np'))).toEqual(['b']);
    expect(run(dispatcherBin, ['check', 'np/b'], { cwd }).status).toBe(0);
  });

  it('a failing `new -d np/a` keeps np/ when another run wrote np/b into it meanwhile', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'data.txt'), 'first\n');
    const a = start(createBin, ['Alpha', '--yes', '--skip-tests', '-d', 'np/a', '--fixture', 'data.txt'], {
      cwd,
      env: slow('stage', 200),
    });
    await waitFor(() => stagingIn(path.join(cwd, 'np')).length > 0, 'the first run to stage in np/');
    newProject(cwd, 'np/b');
    writeFileSync(path.join(cwd, 'data.txt'), 'changed\n');
    const result = await a.done;
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('changed while the project was being generated');
    expect(readdirSync(path.join(cwd, 'np'))).toEqual(['b']);
  });

  it('a failing `new -d np/a` removes the np/ it created when nothing else is in it', () => {
    const cwd = tempDir();
    const result = run(createBin, ['Alpha', '--yes', '--skip-tests', '-d', 'np/deeper/a', '--fixture', 'missing'], {
      cwd,
    });
    expect(result.status).toBe(1);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('Ctrl-C while `new --force` stages files leaves the old project byte for byte, with no lock or staging directory', async () => {
    const cwd = tempDir();
    newProject(cwd, 'p');
    writeFileSync(path.join(cwd, 'p', 'README.md'), '# my edits\n');
    const before = snapshot(path.join(cwd, 'p'));
    const writer = start(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'p', '--force', '--description', 'New.'], {
      cwd,
      env: slow('stage', 100),
    });
    await waitFor(() => stagingIn(path.join(cwd, 'p')).length > 0, 'staging');
    writer.child.kill('SIGINT');
    const result = await writer.done;
    expect(result.status).toBe(130);
    expect(result.stderr).toContain('Interrupted. Nothing was left half-written.');
    expect(snapshot(path.join(cwd, 'p'))).toEqual(before);
  });

  it('Ctrl-C while `new --force` moves files into place lets the move finish: the new project is complete', async () => {
    const cwd = tempDir();
    newProject(cwd, 'p');
    writeFileSync(path.join(cwd, 'p', 'mine.txt'), 'keep\n');
    cpSync(path.join(cwd, 'p'), path.join(cwd, 'reference'), { recursive: true });
    newProject(cwd, 'reference', '--force', '--description', 'New.');
    const writer = start(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'p', '--force', '--description', 'New.'], {
      cwd,
      env: slow('commit', 50),
    });
    await waitFor(() => committing(path.join(cwd, 'p')), 'the commit');
    writer.child.kill('SIGINT');
    const result = await writer.done;
    // The moves are never cut short: the signal is seen once they are done (exit 130), or not before the run ends (exit 0).
    expect([0, 130]).toContain(result.status);
    expect(result.stderr).not.toContain('Nothing was left half-written');
    expect(snapshot(path.join(cwd, 'p'), sameClock)).toEqual(snapshot(path.join(cwd, 'reference'), sameClock));
  });

  it('SIGHUP during `add route` leaves the project as it was', async () => {
    const cwd = tempDir();
    newProject(cwd, 'p');
    const before = snapshot(path.join(cwd, 'p'));
    const adder = start(dispatcherBin, ['add', 'route', 'thumbnails', '-d', 'p'], { cwd, env: slow('stage', 100) });
    await waitFor(() => stagingIn(path.join(cwd, 'p')).length > 0, 'staging');
    adder.child.kill('SIGHUP');
    const result = await adder.done;
    expect(result.status).toBe(129);
    expect(result.stderr).toContain('Interrupted (SIGHUP). Nothing was left half-written.');
    expect(snapshot(path.join(cwd, 'p'))).toEqual(before);
  });
});

describe('what a killed run leaves, the next run cleans', () => {
  it('the next `new` removes, and names, the staging directory a killed `new` left beside its target', async () => {
    const cwd = tempDir();
    const killed = start(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'out'], { cwd, env: slow('stage', 100) });
    await waitFor(() => stagingIn(cwd).length > 0, 'staging');
    killed.child.kill('SIGKILL');
    await killed.done;
    const [left] = stagingIn(cwd);
    expect(left).toMatch(new RegExp(`^\\.pacifica-dispatcher-tmp-${killed.child.pid}-`));
    const next = run(createBin, ['Hello', '--yes', '--skip-tests', '-d', 'out2'], { cwd });
    expect(next.status).toBe(0);
    expect(next.stderr).toContain(
      `Removed "${path.join(cwd, left!)}", left by an interrupted run (process ${killed.child.pid})`,
    );
    expect(readdirSync(cwd)).toEqual(['out2']);
  });

  it('check reports the staging directory a killed `add route` left, and the next `add route` removes it and succeeds', async () => {
    const cwd = tempDir();
    newProject(cwd, 'p');
    const before = snapshot(path.join(cwd, 'p'));
    const killed = start(dispatcherBin, ['add', 'route', 'thumbnails', '-d', 'p'], { cwd, env: slow('stage', 100) });
    await waitFor(() => stagingIn(path.join(cwd, 'p')).length > 0, 'staging');
    killed.child.kill('SIGKILL');
    await killed.done;
    const check = run(dispatcherBin, ['check', 'p'], { cwd });
    expect(check.stderr).toMatch(
      new RegExp(
        `\\.pacifica-dispatcher-tmp-${killed.child.pid}-\\w+: left by an interrupted run \\(process ${killed.child.pid}\\)`,
      ),
    );
    expect(check.stderr).toContain(`lock of process ${killed.child.pid}, which is gone`);
    const retry = run(dispatcherBin, ['add', 'route', 'thumbnails', '-d', 'p'], { cwd });
    expect(retry.status, retry.stderr).toBe(0);
    expect(retry.stderr).toContain(
      `Took over the lock "${path.join(cwd, 'p', '.pacifica-dispatcher.lock')}" of process ${killed.child.pid}, which is gone.`,
    );
    expect(retry.stderr).toContain('Added route');
    expect(stagingIn(path.join(cwd, 'p'))).toEqual([]);
    expect(existsSync(path.join(cwd, 'p', '.pacifica-dispatcher.lock'))).toBe(false);
    expect(snapshot(path.join(cwd, 'p')).size).toBeGreaterThan(before.size);
  });

  it('check reports a write killed mid-commit as an error, and the retried `add fixture` undoes it first', async () => {
    const cwd = tempDir();
    newProject(cwd, 'p');
    mkdirSync(path.join(cwd, 'many'));
    for (let i = 0; i < 200; i += 1) writeFileSync(path.join(cwd, 'many', `f${i}.txt`), `${i}\n`);
    const before = snapshot(path.join(cwd, 'p'));
    const killed = start(dispatcherBin, ['add', 'fixture', '--from', 'many', '-d', 'p'], {
      cwd,
      env: slow('commit', 20),
    });
    await waitFor(() => committing(path.join(cwd, 'p')), 'the commit');
    await new Promise((resolve) => setTimeout(resolve, 500));
    killed.child.kill('SIGKILL');
    await killed.done;
    const check = run(dispatcherBin, ['check', 'p'], { cwd });
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(
      `a write into this project was interrupted (process ${killed.child.pid} was stopped while moving files into place)`,
    );
    const retry = run(dispatcherBin, ['add', 'fixture', '--from', 'many', '-d', 'p'], { cwd });
    expect(retry.status, retry.stderr).toBe(0);
    expect(retry.stderr).toMatch(
      /Undid an interrupted write into "[^"]+": process \d+ was stopped while moving files into place; \d+ files? put back/,
    );
    expect(retry.stderr).toContain('Added tests/test_files/metadata.ingest.2');
    const state = JSON.parse(readFileSync(path.join(cwd, 'p', '.pacifica-dispatcher.json'), 'utf8')) as {
      events: unknown[];
    };
    expect(state.events).toHaveLength(2);
    expect(before.has('tests/test_files/metadata.ingest.2')).toBe(false);
    expect(run(dispatcherBin, ['check', 'p'], { cwd }).status).toBe(0);
  });
});
