import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listColumns, listTables, readRunMarker } from '../src/index.js';
import { adminQuery, createScratch, dropScratch, myQuote, uniqueName } from '@pipecraft/test-support';
import { CONFIGS } from './support/databases.js';

/**
 * Catalog lookups compare names exactly (issue 9): information_schema's name columns are utf8mb3
 * with a case- and accent-insensitive collation, so a name holding a 4-byte character failed with
 * "Illegal mix of collations" (a 500 from discovery). Names equal under that collation (`cafe`,
 * `café`, `CAFE`) must still each find their own table.
 */
const schema = uniqueName('pc_names');
const q = (table: string) => `${myQuote(schema)}.${myQuote(table)}`;

beforeAll(async () => {
  await createScratch('mysql', schema);
  await adminQuery('mysql', `CREATE TABLE ${q('cafe')} (id int PRIMARY KEY, plain int)`);
  await adminQuery(
    'mysql',
    `CREATE TABLE ${q('café')} (id int PRIMARY KEY, accented int) COMMENT '[pipecraft run r-1]'`,
  );
  await adminQuery('mysql', `CREATE TABLE ${q('CAFE')} (upper_id int PRIMARY KEY)`);
});

afterAll(async () => {
  await dropScratch('mysql', schema);
});

describe('MySQL catalog lookups', () => {
  it('describes the table named, not the ones equal under a case- or accent-insensitive collation', async () => {
    const names = async (table: string) =>
      (await listColumns(CONFIGS.mysql, { schema, table })).map((column) => column.name);
    expect(await names('cafe')).toEqual(['id', 'plain']);
    expect(await names('café')).toEqual(['id', 'accented']);
    expect(await names('CAFE')).toEqual(['upper_id']);
    expect((await listTables(CONFIGS.mysql, schema)).map((table) => table.name).sort()).toEqual(
      ['CAFE', 'cafe', 'café'].sort(),
    );
  });

  it('answers "not found" for a name with a 4-byte character instead of a collation error', async () => {
    await expect(listColumns(CONFIGS.mysql, { schema, table: '😀x' })).rejects.toMatchObject({
      code: 'TABLE_NOT_FOUND',
    });
    // CONVERT(… USING utf8mb3) turns the emoji into `?`: a table really named `?x` must not answer.
    await adminQuery('mysql', `CREATE TABLE ${q('?x')} (id int)`);
    await expect(listColumns(CONFIGS.mysql, { schema, table: '😀x' })).rejects.toMatchObject({
      code: 'TABLE_NOT_FOUND',
    });
    await expect(listTables(CONFIGS.mysql, '😀')).rejects.toMatchObject({ code: 'SCHEMA_NOT_FOUND' });
    expect(await readRunMarker(CONFIGS.mysql, { schema, table: '😀x' })).toBeNull();
  });

  it('reads the run marker of the table named only', async () => {
    expect(await readRunMarker(CONFIGS.mysql, { schema, table: 'café' })).toBe('r-1');
    expect(await readRunMarker(CONFIGS.mysql, { schema, table: 'cafe' })).toBeNull();
  });
});
