import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** A throwaway MariaDB server of the test's own: its own data directory, port and socket. */
export interface PrivateMariadb {
  host: string;
  port: number;
  user: string;
  /** Always empty: the server runs with --skip-grant-tables. */
  password: string;
  /** A database created at start, empty. */
  database: string;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a private `mariadbd` (from `mariadb-install-db` into a temp dir) with extra server
 * options, e.g. `['--local-infile=0']`, for tests that need a server setting the shared test
 * server must keep (global settings there belong to everyone's runs). Throws, with the server's
 * error log, if it cannot start: a test that needs it must fail, not skip.
 */
export async function startPrivateMariadb(serverOptions: string[] = []): Promise<PrivateMariadb> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-mariadb-'));
  const dataDir = path.join(dir, 'data');
  const errorLog = path.join(dir, 'error.log');
  const port = await freePort();
  // Small InnoDB files: the default redo log alone is 96 MB.
  const sizes = ['--innodb-buffer-pool-size=16M', '--innodb-log-file-size=4M'];
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--skip-test-db',
    '--auth-root-authentication-method=normal',
    ...sizes,
  ]).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const server = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--socket=${path.join(dir, 'mariadb.sock')}`,
      `--pid-file=${path.join(dir, 'mariadb.pid')}`,
      `--log-error=${errorLog}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--skip-grant-tables',
      '--skip-log-bin',
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ...sizes,
      ...serverOptions,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const stop = async () => {
    if (running) {
      server.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const database = 'test';
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
      await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
      await connection.end();
      break;
    } catch (error) {
      if (!running || Date.now() > deadline) {
        const log = await readFile(errorLog, 'utf8').catch(() => '(no error log)');
        await stop();
        throw new Error(`private mariadbd did not start (${String(error)}):\n${log.slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return { host: '127.0.0.1', port, user: 'root', password: '', database, stop };
}
