import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL, planCommit } from '../../src/write/commit.js';
import { recoverStaging } from '../../src/write/staging.js';
import { snapshot } from '../e2e/spawn.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * A crash can stop a commit after any of its steps. This replays a commit
 * step by step, stops it after each one, and lets recovery (what the next
 * run does) undo it from the journal.
 */
const NEW_FILES: Record<string, string> = {
  'a.txt': 'new a',
  'sub/b.txt': 'new b',
  'fresh/deep/c.txt': 'c',
  'd.txt': 'd',
};

function oldProject(dir: string): void {
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'a.txt'), 'old a');
  writeFileSync(path.join(dir, 'sub', 'b.txt'), 'old b');
  writeFileSync(path.join(dir, 'keep.txt'), 'mine');
  mkdirSync(path.join(dir, 'moved', 'away'), { recursive: true });
  writeFileSync(path.join(dir, 'moved', 'away', 'e.txt'), 'e, which the commit removes');
}
/** Files the commit takes away (`adopt` moving a file to its SOP name). */
const REMOVED = ['moved/away/e.txt'];

describe('recovery from a journal', () => {
  it('puts the old project back, byte for byte, whichever step of the commit a crash stopped it after', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const original = tempDir();
    oldProject(original);
    const before = snapshot(original);
    for (let cut = 0; ; cut += 1) {
      const dir = tempDir();
      cpSync(original, dir, { recursive: true });
      const staging = path.join(dir, `.pacifica-dispatcher-tmp-${dead}-0000abcd`);
      for (const [file, text] of Object.entries(NEW_FILES)) {
        mkdirSync(path.dirname(path.join(staging, 'new', file)), { recursive: true });
        writeFileSync(path.join(staging, 'new', file), text);
      }
      const journal = await planCommit(dir, Object.keys(NEW_FILES), REMOVED);
      writeFileSync(path.join(staging, JOURNAL), JSON.stringify(journal));
      // The commit's steps, as commitJournaled takes them.
      const steps: (() => void)[] = [() => mkdirSync(path.join(staging, 'replaced'))];
      for (const sub of journal.dirs) steps.push(() => mkdirSync(path.join(dir, sub)));
      journal.files.forEach(({ path: file, existed, removed }, index) => {
        if (existed) steps.push(() => renameSync(path.join(dir, file), path.join(staging, 'replaced', String(index))));
        if (!removed) steps.push(() => renameSync(path.join(staging, 'new', file), path.join(dir, file)));
      });
      for (const step of steps.slice(0, cut)) step();

      const notes = await recoverStaging(dir);
      expect(notes).toEqual([
        expect.stringMatching(new RegExp(`^Undid an interrupted write into ".*": process ${dead} was stopped`)),
      ]);
      expect(snapshot(dir)).toEqual(before);
      if (cut === steps.length) break;
    }
  });

  it('recovers again if it was itself stopped half-way (a second crash)', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const dir = tempDir();
    oldProject(dir);
    const before = snapshot(dir);
    const staging = path.join(dir, `.pacifica-dispatcher-tmp-${dead}-0000abcd`);
    mkdirSync(path.join(staging, 'new'), { recursive: true });
    writeFileSync(path.join(staging, 'new', 'a.txt'), 'new a');
    writeFileSync(path.join(staging, JOURNAL), JSON.stringify(await planCommit(dir, ['a.txt'])));
    mkdirSync(path.join(staging, 'replaced'));
    renameSync(path.join(dir, 'a.txt'), path.join(staging, 'replaced', '0'));
    renameSync(path.join(staging, 'new', 'a.txt'), path.join(dir, 'a.txt'));
    // The first recovery put a.txt back, then died before deleting the journal.
    renameSync(path.join(staging, 'replaced', '0'), path.join(dir, 'a.txt'));
    await recoverStaging(dir);
    expect(snapshot(dir)).toEqual(before);
  });

  it('leaves alone the staging directory of a process that still runs', async () => {
    const dir = tempDir();
    const staging = `.pacifica-dispatcher-tmp-${process.ppid}-0000abcd`;
    mkdirSync(path.join(dir, staging));
    expect(await recoverStaging(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([staging]);
  });
});
