import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBin } from './cli.js';
import { start, waitFor } from './spawn.js';

// `--answers <(...)` and a FIFO a script fills are named pipes: reading one
// must neither hang past a signal nor lose what the writer sends.
describe('an answers file that is a named pipe', () => {
  let work: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'cpd-answers-pipe-'));
  });
  afterEach(() => {
    // A run stuck on the pipe would outlive the test: it cannot be left behind.
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  const fifo = (): string => {
    const file = path.join(work, 'answers.fifo');
    execFileSync('mkfifo', [file]);
    return file;
  };

  it('takes the answers a writer sends after the command started', async () => {
    const answers = fifo();
    const running = start(createBin, ['--answers', answers, '--yes', '--skip-tests', '--no-git', '-d', 'out'], {
      cwd: work,
    });
    children.push(running.child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(answers, JSON.stringify({ projectName: 'Piped', description: 'Sent through a pipe.' }));
    const result = await running.done;
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(path.join(work, 'out/pacifica/dispatcher_piped/router.py'))).toBe(true);
  });

  it('stops on SIGTERM while no writer has come, and writes nothing', async () => {
    const answers = fifo();
    const running = start(createBin, ['--answers', answers, '--yes', '--skip-tests', '-d', 'out'], { cwd: work });
    children.push(running.child);
    let exited = false;
    void running.done.then(() => {
      exited = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    running.child.kill('SIGTERM');
    await waitFor(() => exited, 'the process to end after SIGTERM', 20_000);
    const result = await running.done;
    expect(result.status).toBe(143);
    expect(result.stderr).toContain('Interrupted (SIGTERM)');
    expect(existsSync(path.join(work, 'out'))).toBe(false);
  });
});
