import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { MY, PG } from './databases.js';

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

/** Load the MySQL edition into database `name` (its own `sakila` references are renamed). */
export async function loadMysqlSakila(name: string): Promise<void> {
  // MariaDB skips MySQL-5.7 versioned comments, which hold the spatial column and its values: unwrap them.
  const rename = (sql: string) => sql.replace(/\bsakila\b/g, `\`${name}\``).replace(/\/\*!50705 ([\s\S]*?)\*\//g, '$1');
  const args = ['-h', MY.host, '-P', String(MY.port), '-u', MY.user, '--default-character-set=utf8mb4'];
  await runClient('mysql', args, rename(fixture('mysql/schema.sql.gz')) + rename(fixture('mysql/data.sql.gz')));
}

/** Load the PostgreSQL edition into its own database `name` (the dump targets `public`); stops at the first error. */
export async function loadPostgresSakila(name: string): Promise<void> {
  const admin = ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-q', '-v', 'ON_ERROR_STOP=1'];
  await runClient('psql', [...admin, '-d', PG.database], `CREATE DATABASE "${name}";`);
  await runClient('psql', [...admin, '-d', name], fixture('postgres/schema.sql.gz') + fixture('postgres/data.sql.gz'));
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  await runClient(
    'psql',
    ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-q', '-d', PG.database],
    `DROP DATABASE IF EXISTS "${name}" WITH (FORCE);`,
  );
}
