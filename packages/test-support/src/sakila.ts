import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { TEST_SERVERS } from './databases.js';

/**
 * Sakila, both editions (fixtures/sakila: the MySQL sample database and its PostgreSQL port), loaded
 * into a database a test names and drops: the engine's Sakila test and the pipelines e2e share it.
 */
const fixture = (path: string) =>
  gunzipSync(readFileSync(fileURLToPath(new URL(`../fixtures/sakila/${path}`, import.meta.url)))).toString('utf8');

/** Feed SQL to a command-line client (the dumps use DELIMITER and psql meta-syntax that drivers do not speak). */
function runClient(command: string, args: string[], sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.slice(0, 2000)}`)),
    );
    // A client that stops on an error closes its stdin early: the exit code reports it, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(sql);
  });
}

/** Load the MySQL edition (16 tables) into database `name`, which must exist (its own `sakila` references are renamed). */
export async function loadMysqlSakila(name: string): Promise<void> {
  const server = TEST_SERVERS.mysql;
  // MariaDB skips MySQL-5.7 versioned comments, which hold the spatial column and its values: unwrap them.
  const rename = (sql: string) => sql.replace(/\bsakila\b/g, `\`${name}\``).replace(/\/\*!50705 ([\s\S]*?)\*\//g, '$1');
  const args = ['-h', server.host, '-P', String(server.port), '-u', server.user, '--default-character-set=utf8mb4'];
  if (server.password) args.push(`-p${server.password}`);
  await runClient('mysql', args, rename(fixture('mysql/schema.sql.gz')) + rename(fixture('mysql/data.sql.gz')));
}

/** Load the PostgreSQL edition into its own database `name` (the dump targets `public`); stops at the first error. */
export async function loadPostgresSakila(name: string): Promise<void> {
  const server = TEST_SERVERS.postgres;
  const admin = ['-h', server.host, '-p', String(server.port), '-U', server.user, '-q', '-v', 'ON_ERROR_STOP=1'];
  await runClient('psql', [...admin, '-d', server.database], `CREATE DATABASE "${name}";`);
  await runClient('psql', [...admin, '-d', name], fixture('postgres/schema.sql.gz') + fixture('postgres/data.sql.gz'));
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  const server = TEST_SERVERS.postgres;
  await runClient(
    'psql',
    ['-h', server.host, '-p', String(server.port), '-U', server.user, '-q', '-d', server.database],
    `DROP DATABASE IF EXISTS "${name}" WITH (FORCE);`,
  );
}
