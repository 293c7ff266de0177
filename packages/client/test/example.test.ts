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
  setupAndCreateToken,
} from '@pipecraft/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipecraftClient, isPipecraftError } from '../src/index.js';
import { exampleServerEnv } from './example-settings.js';

const run = promisify(execFile);
const packageDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const suffix = uniqueName('x').slice(2);
// The example's own names (it makes and drops these tables itself).
const sourceTable = `pipecraft_example_customers_${suffix}`;
const destinationTable = `pipecraft_example_copy_${suffix}`;

let dataDir: string;
let serverProcess: ServerProcess;
const server = { url: '', token: '' };

beforeAll(async () => {
  // The real server (apps/server) with a throw-away SQLite store.
  dataDir = await mkdtemp(path.join(tmpdir(), 'pipecraft-client-test-'));
  serverProcess = startServerProcess({ PIPECRAFT_DATA_DIR: dataDir, NODE_ENV: 'test' });
  server.url = await serverProcess.listening();
  server.token = await setupAndCreateToken(server.url, 'client-test');
}, 120_000);

afterAll(async () => {
  await serverProcess?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await dropTable('postgres', defaultSchema('postgres'), sourceTable);
  await dropTable('mysql', defaultSchema('mysql'), destinationTable);
});

describe('@pipecraft/client', () => {
  it('runs the README example end to end: its own tables, two connections, a sync, a run, and cleans up', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/sync-a-table.ts'], {
      cwd: packageDir,
      env: childEnv({
        PIPECRAFT_URL: server.url,
        PIPECRAFT_TOKEN: server.token,
        EXAMPLE_SUFFIX: suffix,
        ...exampleServerEnv('PG', TEST_SERVERS.postgres),
        ...exampleServerEnv('MYSQL', TEST_SERVERS.mysql),
      }),
      timeout: 90_000,
    });
    expect(stdout).toContain('source reachable: PostgreSQL');
    expect(stdout).toContain(`columns of public.${sourceTable}: id integer, name text, balance numeric(12,2)`);
    expect(stdout).toMatch(/ROW_COUNT=137\b/);
    // 1.5 * (137 * 138 / 2): decimals arrive exact.
    expect(stdout).toContain('destination: 137 rows, balances total 14179.50');
    expect(stdout).toContain('cleaned up');
    await expectCleanedUp(server.token);
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

/** Nothing the example made is left: no tables, no connections, no syncs. */
async function expectCleanedUp(token: string): Promise<void> {
  const [pgLeft] = await adminQuery<{ n: string }>(
    'postgres',
    'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = $1',
    [sourceTable],
  );
  expect(Number(pgLeft?.n)).toBe(0);
  const [myLeft] = await adminQuery<{ n: number }>(
    'mysql',
    'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = ?',
    [destinationTable],
  );
  expect(Number(myLeft?.n)).toBe(0);
  const client = createPipecraftClient({ url: server.url, token });
  expect((await client.connections.list.query()).filter((c) => c.name.includes(suffix))).toEqual([]);
  expect((await client.syncs.list.query()).filter((s) => s.name.includes(suffix))).toEqual([]);
}
