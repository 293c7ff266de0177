import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.js';
import { RUNNING_AS_ROOT, startFailure, type PrivateServer, type PrivateServerOptions } from './private-server.js';

const run = promisify(execFile);

/** As root, initdb and pg_ctl must run as another user: `postgres` owns the cluster. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return RUNNING_AS_ROOT ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** pg_ctl hands `-o` to a shell. */
const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/**
 * Starts a private PostgreSQL cluster (`initdb` and `pg_ctl` from `pg_config --bindir`, trust
 * authentication, fsync off) in a temp dir on a free port, with a database `test`.
 */
export async function startPrivatePostgres(options: PrivateServerOptions = {}): Promise<PrivateServer> {
  const bin = (await run('pg_config', ['--bindir'])).stdout.trim();
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-postgres-'));
  if (RUNNING_AS_ROOT) await run('chown', ['postgres:', dir]);
  const dataDir = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const host = '127.0.0.1';
  const port = await freePort();
  const database = 'test';
  const serverArgs = [
    ...['-p', String(port), '-k', dir, '-c', `listen_addresses=${host}`],
    ...['-c', 'fsync=off', '-c', 'shared_buffers=16MB'],
    ...(options.serverArgs ?? []),
  ];
  const pgCtl = (...args: string[]) =>
    run(
      ...asPostgres(path.join(bin, 'pg_ctl'), [
        ...['-D', dataDir, '-l', log, '-o', serverArgs.map(shellQuote).join(' ')],
        ...args,
      ]),
    );
  let running = false;
  const server: PrivateServer = {
    host,
    port,
    user: 'postgres',
    password: '',
    database,
    url: (name = database) => `postgresql://postgres@${host}:${port}/${encodeURIComponent(name)}`,
    async start() {
      if (running) return;
      await pgCtl('-w', 'start').catch(async (error: unknown) => {
        throw await startFailure('private PostgreSQL', error, log);
      });
      running = true;
    },
    async stop() {
      if (!running) return;
      await pgCtl('-m', 'immediate', '-w', 'stop');
      running = false;
    },
    async destroy() {
      await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };

  try {
    await run(...asPostgres(path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']));
    await server.start();
    const client = new pg.Client({ host, port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${database}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return server;
}
