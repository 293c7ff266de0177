/**
 * Throwaway database servers a fault test may stop and start: a private PostgreSQL cluster and a
 * private MariaDB, each in its own temp directory on a free port. Never the shared servers.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PrivateServer {
  /** A store URL for database `store` on this server. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** As root, initdb and postgres must run as another user: `postgres` owns the cluster. */
function asPostgres(args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0]!, args.slice(1)];
}

export async function startPrivatePostgres(): Promise<PrivateServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-private-pg-'));
  if (process.getuid?.() === 0) chownSync(dir, 101, 104);
  const port = await freePort();
  const data = path.join(dir, 'data');
  await run(...asPostgres([`${PG_BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']));
  const ctl = (...args: string[]) =>
    run(
      ...asPostgres([
        `${PG_BIN}/pg_ctl`,
        '-D',
        data,
        '-l',
        path.join(dir, 'log'),
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB`,
        ...args,
      ]),
    );
  const server: PrivateServer = {
    url: `postgresql://postgres@127.0.0.1:${port}/store`,
    start: async () => void (await ctl('-w', 'start')),
    stop: async () => void (await ctl('-m', 'immediate', '-w', 'stop')),
    destroy: async () => {
      await ctl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

export async function startPrivateMariadb(): Promise<PrivateServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-private-maria-'));
  const port = await freePort();
  const data = path.join(dir, 'data');
  await run('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--user=root', '--skip-test-db']);
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        `--socket=${path.join(dir, 'sock')}`,
        '--bind-address=127.0.0.1',
        '--user=root',
        '--skip-grant-tables',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=16M',
        '--innodb-log-file-size=8M',
        `--pid-file=${path.join(dir, 'pid')}`,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await run('mariadb-admin', ['--no-defaults', '-h127.0.0.1', `-P${port}`, '-uroot', 'ping']);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  const stop = async () => {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `mysql://root@127.0.0.1:${port}/store`,
    start,
    stop,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
