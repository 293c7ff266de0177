import { afterAll, beforeAll } from 'vitest';
import {
  adminQuery,
  defaultSchema,
  dropTable,
  qualified,
  TEST_DIALECTS,
  TEST_SERVERS,
  uniqueName,
  type TestDialect,
} from '@pipecraft/test-support';
import { createHarness, type Harness } from './harness.js';

/** `connections.create` input for the test server of a dialect. */
export function connectionInput(dialect: TestDialect, name: string) {
  const server = TEST_SERVERS[dialect];
  return {
    name,
    dialect,
    host: server.host,
    port: server.port,
    database: server.database,
    username: server.user,
    ...(server.password ? { password: server.password } : {}),
    isSource: true,
    isDestination: true,
  };
}

/** A small source table in the default schema: id int PK, name text, amount decimal, created timestamp, with `rows` rows. */
export async function createSampleTable(dialect: TestDialect, table: string, rows: number): Promise<void> {
  const q = qualified(dialect, defaultSchema(dialect), table);
  if (dialect === 'postgres') {
    await adminQuery(
      dialect,
      `CREATE TABLE ${q} (id integer PRIMARY KEY, name varchar(64) NOT NULL, amount numeric(12,2), created timestamp DEFAULT now())`,
    );
    await adminQuery(
      dialect,
      `INSERT INTO ${q} (id, name, amount, created) SELECT g, 'row ' || g, g * 1.25, timestamp '2024-01-01 00:00:00' + g * interval '1 minute' FROM generate_series(1, $1::int) g`,
      [rows],
    );
    await adminQuery(dialect, `ANALYZE ${q}`);
  } else {
    await adminQuery(
      dialect,
      `CREATE TABLE ${q} (id int PRIMARY KEY, name varchar(64) NOT NULL, amount decimal(12,2), created datetime DEFAULT CURRENT_TIMESTAMP)`,
    );
    await adminQuery(
      dialect,
      `INSERT INTO ${q} (id, name, amount, created)
       WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
       SELECT n, CONCAT('row ', n), n * 1.25, TIMESTAMP('2024-01-01') + INTERVAL n MINUTE FROM seq`,
      [rows],
    );
    await adminQuery(dialect, `ANALYZE TABLE ${q}`);
  }
}

/**
 * A test file's fixture: a harness and one saved connection per test dialect, made before its
 * tests; afterwards the harness closes and every table pushed to `tables` is dropped.
 */
export function harnessWithConnections(): {
  readonly h: Harness;
  connections: Map<TestDialect, string>;
  tables: Array<[TestDialect, string]>;
} {
  let harness: Harness | undefined;
  const fixture = {
    get h(): Harness {
      if (!harness) throw new Error('the harness is made in beforeAll');
      return harness;
    },
    connections: new Map<TestDialect, string>(),
    tables: [] as Array<[TestDialect, string]>,
  };
  beforeAll(async () => {
    harness = await createHarness();
    for (const dialect of TEST_DIALECTS) {
      const saved = await harness.caller.connections.create(connectionInput(dialect, uniqueName(dialect)));
      fixture.connections.set(dialect, saved.id);
    }
  });
  afterAll(async () => {
    await harness?.close();
    for (const [dialect, table] of fixture.tables) await dropTable(dialect, defaultSchema(dialect), table);
  });
  return fixture;
}
