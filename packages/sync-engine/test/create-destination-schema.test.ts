import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSync, runSync } from '../src/index.js';
import { WRITE_MODE_NAMES } from '../src/terms.js';
import type { DialectName } from '../src/index.js';
import { adminQuery, countRows, createScratch, dropScratch, pgQuote, uniqueName } from '@pipecraft/test-support';
import { CONFIGS } from './support/databases.js';

const sourceSchema = uniqueName('pc_mkschema_src');
/** Schemas the runs create; each test names its own and drops it (odd characters on purpose: quoting). */
const created: Array<[DialectName, string]> = [];

beforeAll(async () => {
  await createScratch('postgres', sourceSchema);
  await adminQuery('postgres', `CREATE TABLE ${pgQuote(sourceSchema)}.src (id integer PRIMARY KEY, note text)`);
  await adminQuery(
    'postgres',
    `INSERT INTO ${pgQuote(sourceSchema)}.src SELECT g, 'n' || g FROM generate_series(1, 30) g`,
  );
});

afterAll(async () => {
  await dropScratch('postgres', sourceSchema);
  for (const [dialect, schema] of created) await dropScratch(dialect, schema);
});

describe.each(['postgres', 'mysql'] as const)('a missing %s destination schema', (dialect) => {
  const endpoints = (schema: string, createDestinationSchema: boolean) => ({
    source: { connection: CONFIGS.postgres, table: { schema: sourceSchema, table: 'src' } },
    destination: { connection: CONFIGS[dialect], table: { schema, table: 'copy' } },
    createDestinationSchema,
  });

  it('is SCHEMA_NOT_FOUND unless the sync may create it', async () => {
    const schema = uniqueName('pc_mkschema_no');
    await expect(planSync(endpoints(schema, false))).rejects.toMatchObject({ code: 'SCHEMA_NOT_FOUND' });
    await expect(runSync({ ...endpoints(schema, false), writeMode: WRITE_MODE_NAMES[0] })).rejects.toMatchObject({
      code: 'SCHEMA_NOT_FOUND',
    });
  });

  it('is planned, then created by the run with the table and its rows', async () => {
    const schema = `${uniqueName('pc_mkschema')}-"q\``;
    created.push([dialect, schema]);
    const plan = await planSync(endpoints(schema, true));
    expect(plan.destinationExists).toBe(false);
    expect(plan.createSchemaDdl).toContain('IF NOT EXISTS');
    // Planning changes nothing.
    await expect(countRows(dialect, schema, 'copy')).rejects.toThrow();

    const result = await runSync({ ...endpoints(schema, true), writeMode: WRITE_MODE_NAMES[0] });
    expect(result).toMatchObject({ rowsWritten: 30, createdTable: true });
    expect(await countRows(dialect, schema, 'copy')).toBe(30);

    // Once it exists, the plan no longer creates it.
    expect((await planSync(endpoints(schema, true))).createSchemaDdl).toBeNull();
  });
});
