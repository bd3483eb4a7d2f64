import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * Helpers for tests that need a running CLI process (to signal it, kill it,
 * or race it against another one) rather than a finished one.
 */

export interface Running {
  child: ChildProcess;
  /** Resolves when the process has exited, with what it printed. */
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts a bin of the built package, as `run` does, without waiting for it. */
export function start(
  bin: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; argv0?: string[] },
): Running {
  const command = options.argv0 ?? [process.execPath];
  const child = spawn(command[0]!, [...command.slice(1), bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<Awaited<Running['done']>>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Polls `condition` until it holds; fails after `timeoutMs` (generous: tests run under load). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The staging directories of the tool in `dir`. */
export const stagingIn = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((name) => name.startsWith('.pacifica-dispatcher-tmp-'));
  } catch {
    return [];
  }
};

/** Whether a commit is under way in `dir`: a staging directory holds its journal. */
export const committing = (dir: string): boolean =>
  stagingIn(dir).some((name) => {
    try {
      return readdirSync(path.join(dir, name)).includes('journal.json');
    } catch {
      return false;
    }
  });

/** Every entry under `dir`: type, mode and the sha1 of its content, so two trees compare byte for byte. */
export function snapshot(
  dir: string,
  normalize: (relative: string, bytes: Buffer) => Buffer = (_, bytes) => bytes,
  prefix = '',
): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(path.join(dir, prefix)).sort()) {
    const relative = prefix === '' ? name : `${prefix}/${name}`;
    const file = path.join(dir, relative);
    const stats = lstatSync(file);
    const mode = (stats.mode & 0o7777).toString(8);
    if (stats.isDirectory()) {
      out.set(relative, `dir ${mode}`);
      for (const [key, value] of snapshot(dir, normalize, relative)) out.set(key, value);
    } else if (stats.isSymbolicLink()) {
      out.set(relative, `link ${readlinkSync(file)}`);
    } else {
      out.set(
        relative,
        `file ${mode} ${createHash('sha1')
          .update(normalize(relative, readFileSync(file)))
          .digest('hex')}`,
      );
    }
  }
  return out;
}
