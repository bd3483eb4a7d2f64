/** runCommand with real processes (node itself, so it runs wherever the tests do). */
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { type Command, runCommand } from '../../src/runner/exec.js';
import { isAlive, recordingIo, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

async function node(script: string, timeoutMs = 20_000): Promise<Command> {
  return {
    file: process.execPath,
    args: ['-e', script],
    cwd: await tempDir('runner-exec-'),
    env: process.env,
    timeoutMs,
  };
}

describe('runCommand', () => {
  it('captures stdout and stderr together and the exit code, writing nothing while quiet', async () => {
    const io = recordingIo();
    const result = await runCommand(await node(`console.log('out'); console.error('err'); process.exitCode = 7`), {
      exec: execa,
      io,
      verbose: false,
    });
    expect(result).toMatchObject({ exitCode: 7, timedOut: false, notFound: false });
    expect(result.output).toContain('out');
    expect(result.output).toContain('err');
    expect(io.err()).toBe('');
  });

  it('streams every line live when verbose', async () => {
    const io = recordingIo(true);
    const result = await runCommand(await node(`console.log('one'); console.error('two')`), {
      exec: execa,
      io,
      verbose: true,
    });
    expect(result.exitCode).toBe(0);
    expect(io.err()).toContain('one\n');
    expect(io.err()).toContain('two\n');
  });

  it('reports an executable that does not exist instead of throwing', async () => {
    const command = { ...(await node('')), file: 'pacifica-runner-no-such-program' };
    const result = await runCommand(command, { exec: execa, io: recordingIo(), verbose: false });
    expect(result).toMatchObject({ notFound: true, exitCode: undefined });
    expect(result.spawnError).toBeTruthy();
  });

  it('kills the process and its children at the deadline', async () => {
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('child=' + child.pid);
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    const result = await runCommand(await node(script, 1500), { exec: execa, io: recordingIo(), verbose: false });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10_000);
    const pid = Number(/child=(\d+)/.exec(result.output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('kills a process that ignores SIGTERM after a grace period', async () => {
    const script = `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('ready'); setInterval(() => {}, 1000);`;
    const result = await runCommand(await node(script, 1000), { exec: execa, io: recordingIo(), verbose: false });
    expect(result.timedOut).toBe(true);
    expect(result.output).toContain('ignoring SIGTERM');
    expect(result.durationMs).toBeGreaterThan(2500);
  });
});
