import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, portOpen, type Service, startService, userIds, waitUntil } from './processes.js';

/**
 * A PostgreSQL server of the test's own: initdb'd into `dir` (which the
 * postgres user must be able to reach), listening on 127.0.0.1 on a free
 * port, trusting local connections. The server runs in the foreground as a
 * child, so its pid is the test's to stop.
 */
export interface Postgres {
  service?: Service;
  port: number;
  /** DATABASE_URL of database `name` (the default database is "postgres"). */
  url(name?: string): string;
  /** Starts the server; `register` gets the process at once, for the caller to stop. */
  start(register: (service: Service) => void): Promise<void>;
}

/** Where initdb and postgres are (Debian keeps them out of PATH). */
export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/local/bin';

export async function initPostgres(dir: string): Promise<Postgres> {
  const { uid, gid } = userIds('postgres');
  const data = path.join(dir, 'data');
  mkdirSync(data, { recursive: true });
  chownSync(dir, uid, gid);
  chownSync(data, uid, gid);
  const init = spawnSync(
    path.join(POSTGRES_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
    { uid, gid, encoding: 'utf8', timeout: 120_000 },
  );
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  const port = await freePort();
  const postgres: Postgres = {
    port,
    url: (name = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${name}`,
    async start(register) {
      postgres.service = startService(
        'postgres',
        path.join(POSTGRES_BIN, 'postgres'),
        ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir],
        { user: 'postgres' },
      );
      register(postgres.service);
      await waitUntil(
        'PostgreSQL to listen',
        () => portOpen(port),
        60_000,
        () => postgres.service?.output() ?? '',
      );
      // Listening precedes accepting: wait for the startup to finish.
      await waitUntil(
        'PostgreSQL to be ready',
        () => /ready to accept connections/.test(postgres.service?.output() ?? ''),
        60_000,
        () => postgres.service?.output() ?? '',
      );
    },
  };
  return postgres;
}
