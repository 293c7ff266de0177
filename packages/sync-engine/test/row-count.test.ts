import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSync } from '../src/index.js';
import type { SyncRequest } from '../src/index.js';
import { createScratch, dropScratch, adminQuery, pgQuote, selectRows, uniqueName } from '@pipecraft/test-support';
import { PG } from './support/databases.js';

const schema = uniqueName('pc_rowcount');
const q = (table: string) => `${pgQuote(schema)}.${pgQuote(table)}`;

beforeAll(async () => {
  await createScratch('postgres', schema);
  await adminQuery('postgres', `CREATE TABLE ${q('src')} (id integer PRIMARY KEY, note text)`);
  await adminQuery('postgres', `INSERT INTO ${q('src')} SELECT g, 'n' || g FROM generate_series(1, 500) g`);
  await adminQuery('postgres', `CREATE TABLE ${q('dst')} (id integer PRIMARY KEY, note text)`);
  await adminQuery('postgres', `INSERT INTO ${q('dst')} VALUES (1, 'old'), (2, 'old')`);
  // A trigger on the destination that writes a second row for one incoming row: the load reports
  // 500 rows written, the table then holds 501. The engine must notice and keep the old rows.
  await adminQuery(
    'postgres',
    `CREATE FUNCTION ${pgQuote(schema)}.echo() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.id = 7 THEN INSERT INTO ${q('dst')} VALUES (1000007, 'echo'); END IF;
       RETURN NULL;
     END $$`,
  );
  await adminQuery(
    'postgres',
    `CREATE TRIGGER echo AFTER INSERT ON ${q('dst')} FOR EACH ROW EXECUTE FUNCTION ${pgQuote(schema)}.echo()`,
  );
});

afterAll(async () => {
  await dropScratch('postgres', schema);
});

it('refuses to commit when the destination holds a different number of rows than were written', async () => {
  const request: SyncRequest = {
    source: { connection: PG, table: { schema, table: 'src' } },
    destination: { connection: PG, table: { schema, table: 'dst' } },
    writeMode: 'full_refresh',
  };
  await expect(runSync(request)).rejects.toMatchObject({
    code: 'ROW_COUNT_MISMATCH',
    message: expect.stringMatching(/read 500, written 500, counted 501/),
  });
  expect(await selectRows('postgres', schema, 'dst', ['id', 'note'])).toEqual([
    ['1', 'old'],
    ['2', 'old'],
  ]);
});
