import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  adminQuery,
  childEnv,
  defaultSchema,
  dropTable,
  startServerProcess,
  TEST_SERVERS,
  uniqueName,
  type ServerProcess,
  type TestServer,
} from '@pipecraft/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipecraftClient, isPipecraftError } from '../src/index.js';
import { setupAndCreateToken } from './first-admin.js';

const run = promisify(execFile);
const packageDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const suffix = uniqueName('x').slice(2);
const sourceTable = `pc_client_src_${suffix}`;
const destinationTable = `pc_client_dst_${suffix}`;

let dataDir: string;
let serverProcess: ServerProcess;
const server = { url: '', token: '' };

beforeAll(async () => {
  await adminQuery('postgres', `CREATE TABLE "${sourceTable}" (id int PRIMARY KEY, name text, balance numeric(12,2))`);
  await adminQuery(
    'postgres',
    `INSERT INTO "${sourceTable}" SELECT g, 'customer ' || g, g * 1.5 FROM generate_series(1, 137) AS g`,
  );
  // The real server (apps/server) with a throw-away SQLite store.
  dataDir = await mkdtemp(path.join(tmpdir(), 'pipecraft-client-test-'));
  serverProcess = startServerProcess({ PIPECRAFT_DATA_DIR: dataDir, NODE_ENV: 'test' });
  server.url = await serverProcess.listening();
  server.token = await setupAndCreateToken(server.url);
}, 120_000);

afterAll(async () => {
  await serverProcess?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await dropTable('postgres', defaultSchema('postgres'), sourceTable);
  await dropTable('mysql', defaultSchema('mysql'), destinationTable);
});

describe('@pipecraft/client', () => {
  it('runs the README example end to end: two connections, discovery, a sync, a run polled to success', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/sync-a-table.ts'], {
      cwd: packageDir,
      env: childEnv({
        PIPECRAFT_URL: server.url,
        PIPECRAFT_TOKEN: server.token,
        EXAMPLE_SUFFIX: suffix,
        EXAMPLE_SOURCE_TABLE: sourceTable,
        EXAMPLE_DESTINATION_TABLE: destinationTable,
        ...exampleServerEnv('PG', TEST_SERVERS.postgres),
        ...exampleServerEnv('MYSQL', TEST_SERVERS.mysql),
      }),
      timeout: 90_000,
    });
    expect(stdout).toContain('source reachable: PostgreSQL');
    expect(stdout).toContain(`columns of public.${sourceTable}: id integer`);
    expect(stdout).toMatch(/ROW_COUNT=137\b/);

    const [row] = await adminQuery<{ n: string; total: string }>(
      'mysql',
      `SELECT COUNT(*) AS n, SUM(balance) AS total FROM \`${destinationTable}\``,
    );
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
function exampleServerEnv(kind: 'PG' | 'MYSQL', server: TestServer): Record<string, string> {
  return {
    [`EXAMPLE_${kind}_HOST`]: server.host,
    [`EXAMPLE_${kind}_PORT`]: String(server.port),
    [`EXAMPLE_${kind}_DATABASE`]: server.database,
    [`EXAMPLE_${kind}_USER`]: server.user,
    [`EXAMPLE_${kind}_PASSWORD`]: server.password,
  };
}
