import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, run } from './cli.js';
import { committing, snapshot, stagingIn, start } from './spawn.js';

/**
 * kill -9 at random points of a `--force` write over a large project: after
 * each, once the next run has recovered, the directory is byte for byte the
 * old project or the complete new one. The test-only hook
 * PACIFICA_DISPATCHER_TEST_PAUSE=commit:<ms> slows each move of the commit,
 * so the kills land inside it rather than before or after it.
 */

const FILES = 400;
const PAUSE_MS = 3;
/** Kills run two at a time, in separate copies, to keep the test short. */
const PARALLEL = 2;
const KILLS = 20;
const CHANGE = ['Big', '--yes', '--skip-tests', '--fixture', 'data', '--force', '--description', 'The new one.'];
// eventTime is the clock at generation: the one thing two runs of the same command differ in.
const sameClock = (relative: string, bytes: Buffer): Buffer =>
  relative.endsWith('event.json')
    ? Buffer.from(bytes.toString('utf8').replace(/"(eventTime|ctime|mtime)": "[^"]*"/g, '"$1": "T"'))
    : bytes;

describe('kill -9 during `new --force` over a large project', () => {
  let cwd: string;
  let newProject: Map<string, string>;

  beforeAll(() => {
    cwd = tempDir();
    mkdirSync(path.join(cwd, 'data'));
    for (let i = 0; i < FILES; i += 1) writeFileSync(path.join(cwd, 'data', `f${i}.txt`), `line ${i}\n`);
    expect(run(createBin, ['Big', '--yes', '--skip-tests', '--fixture', 'data', '-d', 'old'], { cwd }).status).toBe(0);
    // The user's edits and own files, which the new project must replace or keep, never mix.
    writeFileSync(path.join(cwd, 'old', 'README.md'), '# my notes\n');
    writeFileSync(path.join(cwd, 'old', 'mine.txt'), 'keep me\n');
    cpSync(path.join(cwd, 'old'), path.join(cwd, 'reference'), { recursive: true });
    expect(run(createBin, [...CHANGE, '-d', 'reference'], { cwd }).status).toBe(0);
    newProject = snapshot(path.join(cwd, 'reference'), sameClock);
  }, 180_000);

  it(`leaves the old project or the new one, never a mix, at ${KILLS} random points`, async () => {
    const outcomes = { old: 0, new: 0, undone: 0 };
    const killAndRecover = async (kill: number): Promise<void> => {
      const dir = path.join(cwd, `work-${kill}`);
      cpSync(path.join(cwd, 'old'), dir, { recursive: true });
      const before = snapshot(dir);
      const writer = start(createBin, [...CHANGE, '-d', dir], {
        cwd,
        env: { PACIFICA_DISPATCHER_TEST_PAUSE: `commit:${PAUSE_MS}` },
      });
      while (!committing(dir)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(writer.child.exitCode, 'the writer ended before its commit began').toBeNull();
      }
      // Anywhere in the commit (at least FILES * PAUSE_MS long), or just after it.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * FILES * PAUSE_MS * 1.2));
      writer.child.kill('SIGKILL');
      await writer.done;

      // The next run that writes the project recovers first, even one that then fails on its own input.
      const next = await start(dispatcherBin, ['add', 'fixture', '--from', 'no-such-data', '-d', dir], { cwd }).done;
      expect([next.status, next.stderr]).toEqual([1, expect.stringContaining('no-such-data')]);
      if (next.stderr.includes('Undid an interrupted write')) outcomes.undone += 1;
      expect(stagingIn(dir)).toEqual([]);
      if (JSON.stringify([...snapshot(dir)]) === JSON.stringify([...before])) outcomes.old += 1;
      else {
        expect(snapshot(dir, sameClock)).toEqual(newProject);
        outcomes.new += 1;
      }
    };
    await Promise.all(
      Array.from({ length: PARALLEL }, async (_, worker) => {
        for (let kill = worker; kill < KILLS; kill += PARALLEL) await killAndRecover(kill);
      }),
    );
    expect(outcomes.old + outcomes.new).toBe(KILLS);
    // Most kills must have hit the commit itself, or this test proves little.
    expect(outcomes.undone).toBeGreaterThanOrEqual(KILLS / 2);
    console.log(`kill -9 outcomes: ${JSON.stringify(outcomes)}`);
  }, 600_000);
});
