/**
 * Example: drive PipeCraft from another TypeScript app with the typed client.
 *
 *   PIPECRAFT_TOKEN=pct_… npx tsx examples/sync-a-table.ts
 *
 * It makes everything it uses and removes it again: a small `customers` table in PostgreSQL (made
 * with `pg`), a PostgreSQL source and a MySQL destination connection in PipeCraft, a sync, one run
 * polled to the end; then it reads the copy in MySQL (with `mysql2`), deletes the sync and the
 * connections and drops both tables. Every PipeCraft call is typed end to end: try misspelling a
 * field. Settings (environment, with defaults for a local PostgreSQL and MariaDB):
 *
 *   PIPECRAFT_URL     http://127.0.0.1:3000   the PipeCraft server
 *   PIPECRAFT_TOKEN   (required)              an API token with the editor role or higher
 *   EXAMPLE_PG_HOST / _PORT / _DATABASE / _USER / _PASSWORD          127.0.0.1, 5432, test, postgres, ''
 *   EXAMPLE_MYSQL_HOST / _PORT / _DATABASE / _USER / _PASSWORD       127.0.0.1, 3306, test, root, ''
 *   EXAMPLE_SUFFIX    random                  appended to every name it makes, so runs never collide
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createPipecraftClient, isPipecraftError } from '@pipecraft/client';

const setting = (key: string, fallback: string): string => process.env[key] ?? fallback;
const suffix = setting('EXAMPLE_SUFFIX', randomBytes(4).toString('hex'));
const postgres = {
  host: setting('EXAMPLE_PG_HOST', '127.0.0.1'),
  port: Number(setting('EXAMPLE_PG_PORT', '5432')),
  database: setting('EXAMPLE_PG_DATABASE', 'test'),
  user: setting('EXAMPLE_PG_USER', 'postgres'),
  password: setting('EXAMPLE_PG_PASSWORD', ''),
};
const mariadb = {
  host: setting('EXAMPLE_MYSQL_HOST', '127.0.0.1'),
  port: Number(setting('EXAMPLE_MYSQL_PORT', '3306')),
  database: setting('EXAMPLE_MYSQL_DATABASE', 'test'),
  user: setting('EXAMPLE_MYSQL_USER', 'root'),
  password: setting('EXAMPLE_MYSQL_PASSWORD', ''),
};
const sourceTable = `pipecraft_example_customers_${suffix}`;
const destinationTable = `pipecraft_example_copy_${suffix}`;

const client = createPipecraftClient({
  url: setting('PIPECRAFT_URL', 'http://127.0.0.1:3000'),
  token: setting('PIPECRAFT_TOKEN', ''),
});

/** What the example made, so `cleanUp` removes exactly that, even after a failure. */
const made: { syncId?: string; connectionIds: string[] } = { connectionIds: [] };

async function main(): Promise<void> {
  // 1. A source table to copy: 137 customers with exact decimal balances.
  await withPostgres((db) =>
    db.query(
      `CREATE TABLE public."${sourceTable}" (id integer PRIMARY KEY, name text NOT NULL, balance numeric(12,2));
       INSERT INTO public."${sourceTable}" SELECT g, 'customer ' || g, g * 1.5 FROM generate_series(1, 137) AS g;`,
    ),
  );

  // 2. Two saved connections. Passwords are write-only: PipeCraft answers `hasPassword`, never the password.
  const source = await client.connections.create.mutate({
    name: `example-pg-${suffix}`,
    dialect: 'postgres',
    ...connectionFields(postgres),
    isSource: true,
    isDestination: false,
  });
  made.connectionIds.push(source.id);
  const destination = await client.connections.create.mutate({
    name: `example-mysql-${suffix}`,
    dialect: 'mysql',
    ...connectionFields(mariadb),
    isSource: false,
    isDestination: true,
  });
  made.connectionIds.push(destination.id);

  const test = await client.connections.test.mutate({ id: source.id });
  console.log(test.ok ? `source reachable: ${test.serverVersion} (${test.latencyMs} ms)` : `source: ${test.message}`);

  // 3. Discovery: what PipeCraft sees in the source.
  const columns = await client.discovery.columns.query({
    connectionId: source.id,
    schema: 'public',
    table: sourceTable,
  });
  console.log(`columns of public.${sourceTable}: ${columns.map((c) => `${c.name} ${c.nativeType}`).join(', ')}`);

  // 4. A sync; the destination table does not exist yet, so the run creates it with mapped types.
  const sync = await client.syncs.create.mutate({
    name: `example-sync-${suffix}`,
    description: 'Created by the @pipecraft/client example',
    sourceConnectionId: source.id,
    sourceSchema: 'public',
    sourceTable,
    destinationConnectionId: destination.id,
    destinationSchema: mariadb.database,
    destinationTable,
    writeMode: 'full_refresh',
  });
  made.syncId = sync.id;

  // 5. Start a run (it continues in the background) and poll it to the end.
  const { runId } = await client.runs.start.mutate({ syncId: sync.id });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = await client.runs.get.query({ id: runId });
    if (run.status === 'success') {
      console.log(`run succeeded: ${run.rowCount} rows in ${run.durationMs} ms`);
      console.log(`ROW_COUNT=${run.rowCount}`);
      break;
    }
    if (run.status === 'failed') throw new Error(`run failed: ${run.error?.code}: ${run.error?.message}`);
    if (Date.now() > deadline) throw new Error(`run still ${run.status} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  // 6. The copy, as MySQL has it.
  const [rows] = await withMysql((db) =>
    db.query(`SELECT COUNT(*) AS n, SUM(balance) AS total FROM \`${destinationTable}\``),
  );
  const [copy] = rows as { n: number; total: string }[];
  console.log(`destination: ${copy?.n} rows, balances total ${copy?.total}`);
}

/** Removes what the example made, in dependency order; reports but survives a step that fails. */
async function cleanUp(): Promise<void> {
  const steps: { what: string; run: () => Promise<unknown> }[] = [];
  const syncId = made.syncId;
  if (syncId) steps.push({ what: 'sync', run: () => client.syncs.delete.mutate({ id: syncId }) });
  for (const id of made.connectionIds) {
    steps.push({ what: 'connection', run: () => client.connections.delete.mutate({ id }) });
  }
  steps.push(
    { what: 'source table', run: () => withPostgres((db) => db.query(`DROP TABLE IF EXISTS public."${sourceTable}"`)) },
    {
      what: 'destination table',
      run: () => withMysql((db) => db.query(`DROP TABLE IF EXISTS \`${destinationTable}\``)),
    },
  );
  for (const { what, run } of steps) {
    await run().catch((error: unknown) => console.error(`could not remove the ${what}: ${describe(error)}`));
  }
  console.log('cleaned up');
}

function connectionFields(server: typeof postgres) {
  return {
    host: server.host,
    port: server.port,
    database: server.database,
    username: server.user,
    password: server.password,
  };
}

async function withPostgres<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client(postgres);
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

async function withMysql<T>(work: (db: mysql.Connection) => Promise<T>): Promise<T> {
  const db = await mysql.createConnection(mariadb);
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

function describe(error: unknown): string {
  // A PipeCraft error carries a stable code next to a message written for people.
  if (isPipecraftError(error)) return `PipeCraft said ${error.data?.appCode ?? error.data?.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

try {
  await main();
} catch (error) {
  console.error(describe(error));
  process.exitCode = 1;
} finally {
  await cleanUp();
}
