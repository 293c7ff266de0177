/**
 * Example: drive PipeCraft from another TypeScript app with the typed client.
 *
 *   PIPECRAFT_URL=http://127.0.0.1:3000 PIPECRAFT_TOKEN=pct_… npx tsx examples/sync-a-table.ts
 *
 * The token comes from the web's Tokens page (admins), with the editor role or higher.
 *
 * It saves a PostgreSQL source and a MySQL destination, looks at the source table's columns,
 * creates a sync, starts a run, polls until it ends and prints the row count.
 * Every call below is typed end to end: try misspelling a field.
 */
import { createPipecraftClient, isPipecraftError } from '@pipecraft/client';

const env = (key: string, fallback: string) => process.env[key] ?? fallback;

const client = createPipecraftClient({
  url: env('PIPECRAFT_URL', 'http://127.0.0.1:3000'),
  token: env('PIPECRAFT_TOKEN', ''),
});
const suffix = env('EXAMPLE_SUFFIX', String(Date.now()));
const sourceTable = env('EXAMPLE_SOURCE_TABLE', 'customers');
const sourceSchema = env('EXAMPLE_SOURCE_SCHEMA', 'public');

async function main(): Promise<void> {
  const source = await client.connections.create.mutate({
    name: `example-pg-${suffix}`,
    dialect: 'postgres',
    host: env('EXAMPLE_PG_HOST', '127.0.0.1'),
    port: Number(env('EXAMPLE_PG_PORT', '5432')),
    database: env('EXAMPLE_PG_DATABASE', 'test'),
    username: env('EXAMPLE_PG_USER', 'postgres'),
    password: env('EXAMPLE_PG_PASSWORD', ''),
    isSource: true,
    isDestination: false,
  });
  const destination = await client.connections.create.mutate({
    name: `example-mysql-${suffix}`,
    dialect: 'mysql',
    host: env('EXAMPLE_MYSQL_HOST', '127.0.0.1'),
    port: Number(env('EXAMPLE_MYSQL_PORT', '3306')),
    database: env('EXAMPLE_MYSQL_DATABASE', 'test'),
    username: env('EXAMPLE_MYSQL_USER', 'root'),
    password: env('EXAMPLE_MYSQL_PASSWORD', ''),
    isSource: false,
    isDestination: true,
  });

  const test = await client.connections.test.mutate({ id: source.id });
  console.log(
    test.ok ? `source reachable: ${test.serverVersion} (${test.latencyMs} ms)` : `source test failed: ${test.message}`,
  );

  const schemas = await client.discovery.schemas.query({ connectionId: source.id });
  const tables = await client.discovery.tables.query({ connectionId: source.id, schema: sourceSchema });
  const columns = await client.discovery.columns.query({
    connectionId: source.id,
    schema: sourceSchema,
    table: sourceTable,
  });
  console.log(`source has ${schemas.length} schema(s), ${tables.length} table(s) in ${sourceSchema}`);
  console.log(
    `columns of ${sourceSchema}.${sourceTable}: ${columns.map((c) => `${c.name} ${c.nativeType}`).join(', ')}`,
  );

  const sync = await client.syncs.create.mutate({
    name: `example-sync-${suffix}`,
    description: 'Created by packages/client/examples/sync-a-table.ts',
    sourceConnectionId: source.id,
    sourceSchema,
    sourceTable,
    destinationConnectionId: destination.id,
    destinationSchema: env('EXAMPLE_MYSQL_DATABASE', 'test'),
    destinationTable: env('EXAMPLE_DESTINATION_TABLE', `${sourceTable}_copy`),
    writeMode: 'full_refresh',
  });

  const { runId } = await client.runs.start.mutate({ syncId: sync.id });
  console.log(`run ${runId} started`);

  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = await client.runs.get.query({ id: runId });
    if (run.status === 'success') {
      console.log(`run succeeded: ${run.rowCount} rows in ${run.durationMs} ms`);
      console.log(`ROW_COUNT=${run.rowCount}`);
      return;
    }
    if (run.status === 'failed') throw new Error(`run failed: ${run.error?.message ?? 'unknown error'}`);
    if (Date.now() > deadline) throw new Error(`run still ${run.status} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

main().catch((error: unknown) => {
  // A PipeCraft error carries a stable code next to a message written for people.
  if (isPipecraftError(error))
    console.error(`PipeCraft said ${error.data?.appCode ?? error.data?.code}: ${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
