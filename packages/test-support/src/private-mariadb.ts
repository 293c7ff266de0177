import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort } from './ports.js';
import { RUNNING_AS_ROOT, startFailure, type PrivateServer, type PrivateServerOptions } from './private-server.js';

const run = promisify(execFile);

/**
 * Starts a private `mariadbd` (`mariadb-install-db` into a temp dir, `--skip-grant-tables`, no
 * binary log) on a free port, with a database `test`.
 */
export async function startPrivateMariadb(options: PrivateServerOptions = {}): Promise<PrivateServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-mariadb-'));
  const dataDir = path.join(dir, 'data');
  const errorLog = path.join(dir, 'error.log');
  const host = '127.0.0.1';
  const port = await freePort();
  const database = 'test';
  const asRoot = RUNNING_AS_ROOT ? ['--user=root'] : [];
  // Small InnoDB files: the default redo log alone is 96 MB.
  const sizes = ['--innodb-buffer-pool-size=16M', '--innodb-log-file-size=4M'];
  const connect = () => mysql.createConnection({ host, port, user: 'root', password: '' });

  let stopServer: (() => Promise<void>) | null = null;
  const server: PrivateServer = {
    host,
    port,
    user: 'root',
    password: '',
    database,
    url: (name = database) => `mysql://root@${host}:${port}/${encodeURIComponent(name)}`,
    async start() {
      if (stopServer) return;
      const child = spawn(
        'mariadbd',
        [
          '--no-defaults',
          `--datadir=${dataDir}`,
          `--socket=${path.join(dir, 'mariadb.sock')}`,
          `--pid-file=${path.join(dir, 'mariadb.pid')}`,
          `--log-error=${errorLog}`,
          `--port=${port}`,
          `--bind-address=${host}`,
          '--skip-grant-tables',
          '--skip-log-bin',
          ...asRoot,
          ...sizes,
          ...(options.serverArgs ?? []),
        ],
        { stdio: 'ignore' },
      );
      let gone: unknown = null;
      const exited = new Promise<void>((resolve) => {
        const end = (why: unknown) => {
          gone ??= why;
          resolve();
        };
        child.once('exit', (code, signal) => end(`mariadbd exited (${signal ?? code})`));
        child.once('error', end);
      });
      stopServer = async () => {
        stopServer = null;
        if (!gone) child.kill('SIGKILL');
        await exited;
      };
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          await (await connect()).end();
          return;
        } catch (error) {
          if (gone || Date.now() > deadline) {
            const failure = await startFailure('private mariadbd', gone ?? error, errorLog);
            await server.stop();
            throw failure;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },
    async stop() {
      await stopServer?.();
    },
    async destroy() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };

  try {
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--skip-test-db',
      '--auth-root-authentication-method=normal',
      ...asRoot,
      ...sizes,
    ]);
    await server.start();
    const connection = await connect();
    try {
      await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    } finally {
      await connection.end();
    }
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return server;
}
