import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VERIFIED_CONSTRAINTS } from '../../src/project/python-stack.js';
import { createBin } from './cli.js';
import { initPostgres, POSTGRES_BIN, type Postgres } from './services/postgres.js';
import { freePort, type Service, startService, stopService, waitForOutput, waitUntil } from './services/processes.js';
import { type RabbitMQ, startRabbitMQ } from './services/rabbitmq.js';

/**
 * The generated dispatcher as people deploy it: its Celery worker and web
 * server on a real PostgreSQL and a real RabbitMQ, with stand-in Pacifica
 * Cartd and Ingest servers (the project's own tests/pacifica_stand_ins.py).
 * Runs only when PACIFICA_PYTHON names an interpreter with the upstream
 * stack (psycopg2-binary included); the project is installed into it and
 * uninstalled afterwards. Every process started here is stopped by its pid.
 */
const python = process.env.PACIFICA_PYTHON;
const unavailable =
  python === undefined || python === ''
    ? 'PACIFICA_PYTHON not set'
    : process.getuid?.() !== 0
      ? 'it must run as root, to start the servers as their own users'
      : !existsSync(path.join(POSTGRES_BIN, 'initdb'))
        ? `no initdb in ${POSTGRES_BIN} (set POSTGRES_BIN)`
        : !existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server')
          ? 'rabbitmq-server is not installed'
          : undefined;
const NAME = 'Deployed Service';
const REPOSITORY = 'pacifica-dispatcher-deployed-service';
const MODULE = 'pacifica.dispatcher_deployed_service';
const LOOP_BREAKER = { key: 'processed-by', value: REPOSITORY };
const PACIFICA_CLI_VARIABLES = [
  'UPLOAD_URL',
  'UPLOAD_STATUS_URL',
  'UPLOAD_POLICY_URL',
  'UPLOAD_VALIDATION_URL',
  'DOWNLOAD_URL',
  'DOWNLOAD_POLICY_URL',
  'AUTHENTICATION_TYPE',
];

let root = '';
let generation: { code: number; output: string } = { code: -1, output: '' };
let postgres: Postgres | undefined;
let rabbit: RabbitMQ | undefined;
let standIns: Service | undefined;
let worker: Service | undefined;
let web: Service | undefined;
let webUrl = '';
let ingestUrl = '';
let workerBeforeDatabase = '';
const started: Service[] = [];

const project = (): string => path.join(root, 'out');
const register = (service: Service): void => {
  started.push(service);
};

function serviceEnv(databaseUrl: string, cartdUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of PACIFICA_CLI_VARIABLES) delete env[name];
  const home = path.join(root, 'home');
  mkdirSync(home, { recursive: true });
  return {
    ...env,
    HOME: home,
    PYTHONUNBUFFERED: '1',
    DATABASE_URL: databaseUrl,
    BROKER_URL: rabbit!.url,
    DOWNLOAD_URL: cartdUrl,
    UPLOAD_URL: `${ingestUrl}/upload`,
    UPLOAD_STATUS_URL: `${ingestUrl}/get_state`,
    AUTHENTICATION_TYPE: 'None',
    DATABASE_WAIT_SECONDS: '300',
  };
}

async function generate(): Promise<void> {
  const result = await promisify(execFile)(
    process.execPath,
    [createBin, NAME, '--yes', '-d', 'out', '--use-python', python!, '--no-deps'],
    {
      cwd: root,
      env: { ...process.env, PIP_RETRIES: '1' },
      timeout: 240_000,
      maxBuffer: 10_000_000,
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
  generation = result;
  if (result.code !== 0) throw new Error(`generating and testing the project failed:\n${result.output}`);
}

async function startStandIns(): Promise<{ cartd: string; ingest: string }> {
  const tests = path.join(project(), 'tests');
  const dataDirs = readdirSync(path.join(tests, 'test_files')).map((id) => path.join(tests, 'test_files', id, 'data'));
  standIns = startService('stand-ins', python!, ['-u', 'pacifica_stand_ins.py', ...dataDirs], { cwd: tests });
  register(standIns);
  await waitForOutput(standIns, /"ingest"/, 60_000);
  return JSON.parse(
    standIns
      .output()
      .split('\n')
      .find((row) => row.includes('"ingest"'))!,
  ) as { cartd: string; ingest: string };
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

interface Task {
  taskStatus: string;
  exceptionType: string | null;
  exceptionValue: string | null;
  eventID: string | null;
}

/** POSTs an event to the web server and waits until the worker has ended its task; returns the task. */
async function handled(event: unknown): Promise<Task> {
  const posted = await json(`${webUrl}/receive`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(200);
  const taskId = posted.body as string;
  let status = '';
  await waitUntil(
    `task ${taskId} to end`,
    async () => {
      const answer = await json(`${webUrl}/status/${taskId}`);
      status = answer.status === 200 ? String(answer.body) : '';
      return status !== '' && !['202 Accepted', '102 Processing'].includes(status);
    },
    120_000,
    () => `last status: ${status}\n${worker?.output().slice(-4000) ?? ''}`,
  );
  return (await json(`${webUrl}/get/${taskId}`)).body as Task;
}

function fixtureEvent(): { data: { destinationTable: string; key?: string; value?: unknown }[]; eventID: string } {
  const dir = path.join(project(), 'tests', 'test_files');
  const [id] = readdirSync(dir);
  const result = spawnSync(
    python!,
    ['-c', 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))', path.join(dir, id!, 'event.json')],
    { encoding: 'utf8' },
  );
  return JSON.parse(result.stdout) as ReturnType<typeof fixtureEvent>;
}

describe('the generated service on PostgreSQL 15 and RabbitMQ 3.10', () => {
  // Skipped with its reason, which the summary line repeats (a skipped describe gives none).
  beforeEach(({ skip }) => skip(unavailable !== undefined, unavailable));

  beforeAll(async () => {
    if (unavailable !== undefined) return;
    // World-traversable, so the postgres and rabbitmq users reach their directories.
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cpd-service-')));
    chmodSync(root, 0o755);
    // Both settle before going on, so nothing starts after afterAll has stopped what it knows.
    const [generated, broker] = await Promise.allSettled([
      generate(),
      startRabbitMQ(path.join(root, 'rabbitmq'), register),
    ]);
    if (broker.status === 'fulfilled') rabbit = broker.value;
    for (const outcome of [generated, broker]) if (outcome.status === 'rejected') throw outcome.reason;
    const urls = await startStandIns();
    ingestUrl = urls.ingest;
    postgres = await initPostgres(path.join(root, 'postgres'));

    // The worker starts while the database is still down.
    worker = startService(
      'worker',
      python!,
      [
        '-m',
        'celery',
        '-A',
        `${MODULE}.__main__:celery_app`,
        'worker',
        '-l',
        'info',
        '-c',
        '1',
        '-n',
        `e2e${process.pid}@%h`,
        '--without-gossip',
        '--without-mingle',
        '--without-heartbeat',
      ],
      { cwd: root, env: serviceEnv(postgres.url(), urls.cartd) },
    );
    register(worker);
    await waitForOutput(worker, /Database unreachable/, 120_000);
    workerBeforeDatabase = worker.output();
    await postgres.start(register);
    await waitForOutput(worker, /@\S+ ready\./, 120_000);

    const port = await freePort();
    web = startService('web', python!, ['-m', MODULE, '--host', '127.0.0.1', '--port', String(port)], {
      cwd: root,
      env: serviceEnv(postgres.url(), urls.cartd),
    });
    register(web);
    webUrl = `http://127.0.0.1:${port}`;
    await waitUntil(
      'the web server to answer /health',
      async () => (await json(`${webUrl}/health`).catch(() => ({ status: 0 }))).status === 200,
      120_000,
      () => web!.output().slice(-4000),
    );
  }, 600_000);

  afterAll(async () => {
    if (unavailable !== undefined) return;
    // Project processes first, then the servers they use; every one by pid.
    for (const service of [web, worker, standIns]) if (service !== undefined) await stopService(service);
    if (rabbit !== undefined) await rabbit.stop();
    for (const service of started.reverse()) await stopService(service);
    if (python) spawnSync(python, ['-m', 'pip', 'uninstall', '-y', REPOSITORY], { encoding: 'utf8' });
    if (root !== '') rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('generates a project whose own tests, the service tests included, pass on the upstream stack', () => {
    expect(generation.code, generation.output).toBe(0);
    expect(generation.output).toMatch(/Ran [1-9]\d* tests|[1-9]\d* tests? passed/);
  });

  it('keeps a worker started before the database waiting, not ready, until the database is up', () => {
    expect(workerBeforeDatabase).toMatch(/Database unreachable/);
    expect(workerBeforeDatabase).not.toMatch(/ready\./);
    expect(worker!.running()).toBe(true);
  });

  it('reports the database and the broker healthy on /health', async () => {
    expect(await json(`${webUrl}/health`)).toEqual({ status: 200, body: { database: 'ok', broker: 'ok' } });
  });

  it('takes a fixture event from POST through the queue and the worker to an upload', async () => {
    const event = fixtureEvent();
    const task = await handled(event);
    expect(task.taskStatus, task.exceptionValue ?? '').toBe('200 OK');
    expect(task.eventID).toBe(event.eventID);
    const uploads = (await json(`${ingestUrl}/uploads`)).body as {
      files: Record<string, string>;
      metadata: { destinationTable: string; key?: string; value?: string }[];
    }[];
    expect(uploads).toHaveLength(1);
    expect(Object.keys(uploads[0]!.files).length).toBeGreaterThan(0);
    for (const content of Object.values(uploads[0]!.files)) expect(content).toMatch(/^file: /);
    const pairs = uploads[0]!.metadata
      .filter((item) => item.destinationTable === 'TransactionKeyValue')
      .map((item) => [item.key, item.value]);
    expect(pairs).toContainEqual([LOOP_BREAKER.key, LOOP_BREAKER.value]);
  });

  it('stores an event carrying the loop-breaker as 422 and uploads nothing', async () => {
    const before = ((await json(`${ingestUrl}/uploads`)).body as unknown[]).length;
    const event = fixtureEvent();
    event.data.push({ destinationTable: 'TransactionKeyValue', key: LOOP_BREAKER.key, value: LOOP_BREAKER.value });
    const task = await handled(event);
    expect(task.taskStatus).toBe('422 Unprocessable Entity');
    expect(task.exceptionType).toBe('RouteNotFoundRouterError');
    expect(((await json(`${ingestUrl}/uploads`)).body as unknown[]).length).toBe(before);
  });

  it('widens the error column of a table an earlier version made to text', () => {
    const script = [
      'import json, os, sys',
      'import psycopg2',
      'from playhouse.db_url import connect',
      'from pacifica.dispatcher.receiver import create_peewee_model',
      'admin = psycopg2.connect(sys.argv[1]); admin.autocommit = True',
      'admin.cursor().execute("CREATE DATABASE legacy"); admin.close()',
      'db = connect(sys.argv[2]); create_peewee_model(db).create_table()',
      "kind = lambda: db.execute_sql(\"SELECT data_type FROM information_schema.columns WHERE table_name = 'receivetaskmodel' AND column_name = 'exc_value'\").fetchone()[0]",
      'before = kind(); db.close()',
      `from ${MODULE}.__main__ import create_tables`,
      'create_tables()',
      'print(json.dumps({"before": before, "after": kind()}))',
    ].join('\n');
    const env = serviceEnv(postgres!.url('legacy'), 'http://127.0.0.1:9');
    const result = spawnSync(python!, ['-c', script, postgres!.url(), postgres!.url('legacy')], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toEqual({
      before: 'character varying',
      after: 'text',
    });
  });

  it('stops a worker whose database stays down with an error, before it is ready to take tasks', async () => {
    const env = {
      ...serviceEnv(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, 'http://127.0.0.1:9'),
      DATABASE_WAIT_SECONDS: '2',
    };
    const doomed = startService(
      'doomed worker',
      python!,
      [
        '-m',
        'celery',
        '-A',
        `${MODULE}.__main__:celery_app`,
        'worker',
        '-l',
        'info',
        '-c',
        '1',
        '-n',
        `doomed${process.pid}@%h`,
        '--without-gossip',
        '--without-mingle',
        '--without-heartbeat',
      ],
      { cwd: root, env },
    );
    register(doomed);
    const code = await Promise.race([
      doomed.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 90_000)),
    ]);
    expect(code, doomed.output()).toBe(1);
    expect(doomed.output()).toMatch(/Database unreachable for 2 s, stopping/);
    expect(doomed.output()).not.toMatch(/ready\./);
  }, 120_000);

  // Last: it stops the stand-in Cartd.
  it('stores a 5xx with the whole error when Cartd is down, never leaving the task at 102', async () => {
    await stopService(standIns!);
    const task = await handled(fixtureEvent());
    expect(task.taskStatus).toMatch(/^5\d\d /);
    expect(task.exceptionType).toBe('ConnectionError');
    // Longer than upstream's 255-character column: stored whole.
    expect(task.exceptionValue!.length).toBeGreaterThan(255);
    expect(task.exceptionValue).toMatch(/Connection refused/);
    expect(worker!.output()).not.toMatch(/DataError|value too long/);
  });
});

describe('constraints.txt against the upstream stack (PACIFICA_PYTHON)', () => {
  beforeEach(({ skip }) => skip(!python, 'PACIFICA_PYTHON not set'));

  it('pins exactly the versions installed in the stack the tests run on', () => {
    const listed = spawnSync(python!, ['-m', 'pip', 'list', '--format', 'json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(listed.status, listed.stderr).toBe(0);
    const installed = new Map(
      (JSON.parse(listed.stdout) as { name: string; version: string }[]).map((row) => [
        row.name.toLowerCase(),
        row.version,
      ]),
    );
    const major = spawnSync(python!, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
    }).stdout.trim();
    for (const pin of VERIFIED_CONSTRAINTS) {
      const [, name = '', version = '', below] =
        /^([a-z0-9-]+)==([^;]+)(?:; python_version < "([\d.]+)")?$/.exec(pin) ?? [];
      if (below !== undefined && Number(major.split('.')[1]) >= Number(below.split('.')[1])) continue;
      expect(installed.get(name), pin).toBe(version);
    }
  });
});
