import { spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';

/**
 * Long-running processes for end-to-end tests: each one started in its own
 * process group, its output kept, and stopped by its pid (the whole group,
 * so children such as Celery's pool go too). Never by name.
 */
export interface Service {
  name: string;
  pid: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  running(): boolean;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this system user (the test runs as root). */
  user?: string;
}

const MAX_OUTPUT = 2_000_000;

/** uid and gid of a system user. */
export function userIds(user: string): { uid: number; gid: number } {
  const id = (flag: string): number => Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
  const ids = { uid: id('-u'), gid: id('-g') };
  if (!Number.isInteger(ids.uid) || !Number.isInteger(ids.gid)) throw new Error(`no system user "${user}"`);
  return ids;
}

export function startService(name: string, command: string, args: string[], options: StartOptions = {}): Service {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.user === undefined ? {} : userIds(options.user)),
  });
  if (child.pid === undefined) throw new Error(`${name}: ${command} did not start`);
  let text = '';
  let done = false;
  const append = (chunk: Buffer): void => {
    if (text.length < MAX_OUTPUT) text += chunk.toString('utf8');
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | string>((resolve) => {
    child.on('error', (error) => {
      text += `\n[spawn error] ${error.message}\n`;
      done = true;
      resolve('error');
    });
    child.on('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { name, pid: child.pid, output: () => text, exited, running: () => !done };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM to the process group, then SIGKILL if it is still there after `graceMs`. */
export async function stopService(service: Service, graceMs = 15_000): Promise<void> {
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-service.pid, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const stopped = await Promise.race([service.exited.then(() => true), delay(graceMs).then(() => false)]);
  // Children outlive a leader that exits first: kill what is left of the group.
  signal(stopped ? 'SIGTERM' : 'SIGKILL');
  if (!stopped) await Promise.race([service.exited, delay(5_000)]);
}

/** Waits until `test()` holds, polling; throws with `describe()` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  test: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await test()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}\n${describe()}`);
    await delay(250);
  }
}

/** Waits until `service` prints a line matching `pattern`; fails early if it exits. */
export async function waitForOutput(service: Service, pattern: RegExp, timeoutMs: number): Promise<void> {
  await waitUntil(
    `${service.name} to print ${pattern}`,
    () => {
      if (!service.running() && !pattern.test(service.output()))
        throw new Error(`${service.name} exited:\n${service.output().slice(-4000)}`);
      return pattern.test(service.output());
    },
    timeoutMs,
    () => service.output().slice(-4000),
  );
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
