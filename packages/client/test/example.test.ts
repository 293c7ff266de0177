import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipecraftClient, isPipecraftError } from '../src/index.js';
import { startServer, type StartedServer } from './start-server.js';

const run = promisify(execFile);
const packageDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const suffix = Math.random().toString(36).slice(2, 8);
const sourceTable = `pc_client_src_${suffix}`;
const destinationTable = `pc_client_dst_${suffix}`;
const pgUrl = process.env.PIPECRAFT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const mysqlUrl = process.env.PIPECRAFT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

let server: StartedServer;

beforeAll(async () => {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`CREATE TABLE "${sourceTable}" (id int PRIMARY KEY, name text, balance numeric(12,2))`);
  await client.query(
    `INSERT INTO "${sourceTable}" SELECT g, 'customer ' || g, g * 1.5 FROM generate_series(1, 137) AS g`,
  );
  await client.end();
  server = await startServer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS "${sourceTable}"`);
  await client.end();
  const my = await mysql.createConnection(mysqlUrl);
  await my.query(`DROP TABLE IF EXISTS \`${destinationTable}\``);
  await my.end();
});

describe('@pipecraft/client', () => {
  it('runs the README example end to end: two connections, discovery, a sync, a run polled to success', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/sync-a-table.ts'], {
      cwd: packageDir,
      env: {
        ...process.env,
        PIPECRAFT_URL: server.url,
        PIPECRAFT_TOKEN: server.token,
        EXAMPLE_SUFFIX: suffix,
        EXAMPLE_SOURCE_TABLE: sourceTable,
        EXAMPLE_DESTINATION_TABLE: destinationTable,
        ...exampleServerEnv('PG', pgUrl),
        ...exampleServerEnv('MYSQL', mysqlUrl),
      },
      timeout: 90_000,
    });
    expect(stdout).toContain('source reachable: PostgreSQL');
    expect(stdout).toContain(`columns of public.${sourceTable}: id integer`);
    expect(stdout).toMatch(/ROW_COUNT=137\b/);

    const my = await mysql.createConnection(mysqlUrl);
    const [rows] = await my.query(`SELECT COUNT(*) AS n, SUM(balance) AS total FROM \`${destinationTable}\``);
    await my.end();
    const [row] = rows as Array<{ n: number; total: string }>;
    expect(Number(row?.n)).toBe(137);
    expect(row?.total).toBe('14179.50'); // 1.5 * (137 * 138 / 2): decimals arrive exact
  }, 120_000);

  it('rejects bad input with a typed error carrying field errors', async () => {
    const client = createPipecraftClient({ url: server.url, token: server.token });
    const error = await client.connections.create
      .mutate({
        name: '',
        dialect: 'postgres',
        host: '127.0.0.1',
        port: 70_000,
        database: 'test',
        username: 'postgres',
        isSource: true,
        isDestination: false,
      })
      .catch((e: unknown) => e);
    expect(isPipecraftError(error)).toBe(true);
    if (!isPipecraftError(error)) return;
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(Object.keys(error.data?.fieldErrors ?? {})).toEqual(expect.arrayContaining(['name', 'port']));
  });

  it('accepts a bare origin or the /trpc URL alike', async () => {
    for (const url of [server.url, `${server.url}/`, `${server.url}/trpc`]) {
      const list = await createPipecraftClient({ url, token: server.token }).connections.list.query();
      expect(Array.isArray(list)).toBe(true);
    }
  });

  it('is refused without a token, and a viewer token may read but not change', async () => {
    const anonymous = createPipecraftClient({ url: server.url });
    const unauthenticated = await anonymous.syncs.list.query().catch((e: unknown) => e);
    expect(isPipecraftError(unauthenticated) && unauthenticated.data?.appCode).toBe('UNAUTHENTICATED');

    const admin = createPipecraftClient({ url: server.url, token: server.token });
    const { token, info } = await admin.tokens.create.mutate({ name: 'read-only', role: 'viewer' });
    expect(info.role).toBe('viewer');
    const viewer = createPipecraftClient({ url: server.url, token });
    expect(Array.isArray(await viewer.syncs.list.query())).toBe(true);
    const refused = await viewer.syncs.delete
      .mutate({ id: '00000000-0000-4000-8000-000000000000' })
      .catch((e: unknown) => e);
    expect(isPipecraftError(refused) && refused.data?.appCode).toBe('FORBIDDEN');
    expect((await admin.tokens.list.query()).find((t) => t.id === info.id)?.lastUsedAt).toBeInstanceOf(Date);
  });
});

/** The example's EXAMPLE_<KIND>_* settings for the server the suite is pointed at. */
function exampleServerEnv(kind: 'PG' | 'MYSQL', href: string): Record<string, string> {
  const url = new URL(href);
  return {
    [`EXAMPLE_${kind}_HOST`]: url.hostname,
    [`EXAMPLE_${kind}_PORT`]: url.port || (kind === 'PG' ? '5432' : '3306'),
    [`EXAMPLE_${kind}_DATABASE`]: decodeURIComponent(url.pathname.slice(1)),
    [`EXAMPLE_${kind}_USER`]: decodeURIComponent(url.username),
    [`EXAMPLE_${kind}_PASSWORD`]: decodeURIComponent(url.password),
  };
}
