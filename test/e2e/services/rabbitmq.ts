import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, portOpen, type Service, startService, stopService, userIds, waitUntil } from './processes.js';

/**
 * A RabbitMQ node of the test's own: its own node name, AMQP and
 * distribution ports, data and log directories (owned by the rabbitmq
 * user) and its own epmd, all started as children so that every pid is the
 * test's to stop. Stopped by node name with rabbitmqctl, then by pid.
 */
export interface RabbitMQ {
  services: Service[];
  url: string;
  stop(): Promise<void>;
}

// rabbitmq-server reads its Erlang cookie from the rabbitmq user's home.
const HOME = '/var/lib/rabbitmq';
const SBIN = '/usr/lib/rabbitmq/bin';

export async function startRabbitMQ(dir: string, register: (service: Service) => void): Promise<RabbitMQ> {
  const { uid, gid } = userIds('rabbitmq');
  mkdirSync(path.join(dir, 'mnesia'), { recursive: true });
  mkdirSync(path.join(dir, 'log'), { recursive: true });
  for (const sub of ['', 'mnesia', 'log']) chownSync(path.join(dir, sub), uid, gid);
  const [amqpPort, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const node = `e2e${process.pid}x${amqpPort}@localhost`;
  const env = {
    PATH: process.env.PATH,
    HOME,
    LANG: 'C.UTF-8',
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    ERL_EPMD_PORT: String(epmdPort),
  };
  // An epmd of our own, in the foreground: erl would otherwise start a daemon that outlives the test.
  const epmd = startService('epmd', 'epmd', ['-port', String(epmdPort)], { user: 'rabbitmq', env, cwd: HOME });
  register(epmd);
  await waitUntil(
    'epmd to listen',
    () => portOpen(epmdPort),
    30_000,
    () => epmd.output(),
  );
  const server = startService('rabbitmq', path.join(SBIN, 'rabbitmq-server'), [], { user: 'rabbitmq', env, cwd: HOME });
  register(server);
  await waitUntil(
    'RabbitMQ to accept AMQP connections',
    () => portOpen(amqpPort),
    180_000,
    () => server.output().slice(-4000),
  );
  return {
    services: [server, epmd],
    url: `pyamqp://guest:guest@127.0.0.1:${amqpPort}//`,
    async stop() {
      if (server.running()) {
        spawnSync(path.join(SBIN, 'rabbitmqctl'), ['-n', node, 'stop'], {
          uid,
          gid,
          env,
          cwd: HOME,
          encoding: 'utf8',
          timeout: 60_000,
        });
      }
      await stopService(server);
      await stopService(epmd);
    },
  };
}
