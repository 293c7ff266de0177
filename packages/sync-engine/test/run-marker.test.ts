import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunMarker, runSync } from '../src/index.js';
import type { DialectName, SyncRequest } from '../src/index.js';
import { parseRunMarker, withRunMarker } from '../src/run-marker.js';
import { adminQuery, createScratch, dropScratch, myQuote, pgQuote, uniqueName } from '@pipecraft/test-support';
import { CONFIGS } from './support/databases.js';

/**
 * The run marker (the run id in the destination table's comment) lands with the rows and only
 * with them: a run that fails before its commit/swap leaves the previous marker in place.
 */
const schemaOf: Record<DialectName, string> = {
  postgres: uniqueName('pc_marker'),
  mysql: uniqueName('pc_marker'),
};
const quote = (dialect: DialectName, schema: string, table: string) =>
  dialect === 'postgres' ? `${pgQuote(schema)}.${pgQuote(table)}` : `${myQuote(schema)}.${myQuote(table)}`;

beforeAll(async () => {
  for (const dialect of ['postgres', 'mysql'] as const) {
    await createScratch(dialect, schemaOf[dialect]);
    await adminQuery(
      dialect,
      `CREATE TABLE ${quote(dialect, schemaOf[dialect], 'src')} (id integer PRIMARY KEY, note text)`,
    );
    await adminQuery(dialect, `INSERT INTO ${quote(dialect, schemaOf[dialect], 'src')} VALUES (1, 'a'), (2, 'b')`);
  }
});

afterAll(async () => {
  for (const dialect of ['postgres', 'mysql'] as const) await dropScratch(dialect, schemaOf[dialect]);
});

describe('run marker text', () => {
  it('keeps the user comment and replaces an older marker', () => {
    const once = withRunMarker('Orders, nightly', 'run-1');
    expect(once).toBe('Orders, nightly [pipecraft run run-1]');
    const twice = withRunMarker(once, 'run-2');
    expect(twice).toBe('Orders, nightly [pipecraft run run-2]');
    expect(parseRunMarker(twice)).toBe('run-2');
    expect(parseRunMarker('no marker')).toBeNull();
    expect(parseRunMarker(null)).toBeNull();
  });
});

describe.each(['postgres', 'mysql'] as const)('from %s', (from) => {
  describe.each(['postgres', 'mysql'] as const)('into %s', (to) => {
    const table = `dst_${from}`;
    const request = (runId: string, sourceTable = 'src'): SyncRequest => ({
      source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: sourceTable } },
      destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table } },
      writeMode: 'full_refresh',
      runId,
    });

    it('a new table, then a refresh, each carry their run; a failed run leaves the previous one', async () => {
      const destination = { schema: schemaOf[to], table };
      expect(await readRunMarker(CONFIGS[to], destination)).toBeNull();
      await runSync(request('11111111-1111-4111-8111-111111111111'));
      expect(await readRunMarker(CONFIGS[to], destination)).toBe('11111111-1111-4111-8111-111111111111');
      await adminQuery(
        to,
        to === 'postgres'
          ? `COMMENT ON TABLE ${quote(to, schemaOf[to], table)} IS 'Mine [pipecraft run 11111111-1111-4111-8111-111111111111]'`
          : `ALTER TABLE ${quote(to, schemaOf[to], table)} COMMENT = 'Mine [pipecraft run 11111111-1111-4111-8111-111111111111]'`,
      );
      await runSync(request('22222222-2222-4222-8222-222222222222'));
      expect(await readRunMarker(CONFIGS[to], destination)).toBe('22222222-2222-4222-8222-222222222222');
      // A source that is gone fails the run before anything is written.
      await expect(runSync(request('33333333-3333-4333-8333-333333333333', 'missing'))).rejects.toThrow();
      expect(await readRunMarker(CONFIGS[to], destination)).toBe('22222222-2222-4222-8222-222222222222');
    });
  });
});
