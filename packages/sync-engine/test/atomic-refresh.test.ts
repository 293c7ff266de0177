import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../src/index.js';
import type { DialectName, SyncRequest } from '../src/index.js';
import { stagingNames } from '../src/write-modes/staging-names.js';
import {
  countRows,
  createScratch,
  dropScratch,
  adminQuery,
  myQuote,
  pgQuote,
  uniqueName,
} from '@pipecraft/test-support';
import { CONFIGS } from './support/databases.js';

const pgSchema = uniqueName('pc_atomic');
const mySchema = uniqueName('pc_atomic');
const schemaOf: Record<DialectName, string> = { postgres: pgSchema, mysql: mySchema };
const ROWS = 200_000;

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
  await adminQuery('postgres', `CREATE TABLE ${pgQuote(pgSchema)}.src (id integer PRIMARY KEY, note text)`);
  await adminQuery(
    'postgres',
    `INSERT INTO ${pgQuote(pgSchema)}.src SELECT g, 'n' || g FROM generate_series(1, ${ROWS}) g`,
  );
});

afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
});

describe.each(['postgres', 'mysql'] as const)('full refresh into %s', (to) => {
  it('readers only ever see the old rows or all of the new ones', async () => {
    const table = 'watched';
    const qualified =
      to === 'postgres' ? `${pgQuote(pgSchema)}.${pgQuote(table)}` : `${myQuote(mySchema)}.${myQuote(table)}`;
    await adminQuery(
      to,
      `CREATE TABLE ${qualified} (id ${to === 'postgres' ? 'integer' : 'int'} PRIMARY KEY, note text)`,
    );
    await adminQuery(to, `INSERT INTO ${qualified} VALUES (1, 'old'), (2, 'old'), (3, 'old')`);
    const request: SyncRequest = {
      source: { connection: CONFIGS.postgres, table: { schema: pgSchema, table: 'src' } },
      destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table } },
      writeMode: 'full_refresh',
    };
    // Another session counts the rows over and over while the run goes on: it may only ever see
    // the old 3 rows or all the new ones.
    let done = false;
    const seen = new Set<number>();
    const watcher = (async () => {
      while (!done) seen.add(await countRows(to, schemaOf[to], table));
    })();
    // And one read started at the first progress report, i.e. surely inside the load: the test must
    // have looked into the window where a non-atomic refresh shows an empty or partial table. On
    // MySQL the live table stays readable during the load (staging + RENAME), so that read sees
    // the old 3 rows; on PostgreSQL the TRUNCATE's lock makes it wait for the COMMIT and see all.
    let probe: Promise<number> | null = null;
    const result = await runSync({ ...request, onProgress: () => void (probe ??= countRows(to, schemaOf[to], table)) });
    done = true;
    await watcher;
    seen.add(await countRows(to, schemaOf[to], table));
    expect(result.rowsWritten).toBe(ROWS);
    expect([...seen].sort((a, b) => a - b)).toEqual([3, ROWS].filter((count) => seen.has(count)));
    expect(probe).not.toBeNull();
    expect(await probe).toBe(to === 'mysql' ? 3 : ROWS);
    expect(seen.has(ROWS)).toBe(true);
    expect(result.method).toBe(to === 'postgres' ? 'copy-passthrough' : 'load-data');
  });
});

describe('staging names', () => {
  it('fit the identifier limits whatever the live name', () => {
    const names = stagingNames({ schema: 's', table: 'x'.repeat(64) });
    expect(names.staging.length).toBeLessThanOrEqual(63);
    expect(names.old.length).toBeLessThanOrEqual(63);
    expect(names.staging.startsWith(names.stagingPrefix)).toBe(true);
    expect(stagingNames({ schema: 's', table: 'y' }).stagingPrefix).not.toBe(names.stagingPrefix);
  });
});
