import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_PHASES, runSync, type PhaseEvent } from '../src/index.js';
import {
  adminQuery,
  createScratch,
  DIALECT_PAIRS,
  dropScratch,
  qualified,
  uniqueName,
  type TestDialect,
} from '@pipecraft/test-support';
import { syncRequest } from './support/databases.js';

/**
 * `onPhase`: every step of a run in order, for both ways a full refresh commits (PostgreSQL's one
 * transaction, MySQL's staging table and RENAME), with the source's estimate on `copy`.
 */
const schemaOf = { postgres: uniqueName('pc_phases'), mysql: uniqueName('pc_phases') };
const ROWS = 120;

beforeAll(async () => {
  for (const dialect of ['postgres', 'mysql'] as const) {
    await createScratch(dialect, schemaOf[dialect]);
    const src = qualified(dialect, schemaOf[dialect], 'src');
    await adminQuery(dialect, `CREATE TABLE ${src} (id integer PRIMARY KEY, note varchar(20))`);
    const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, 'n${i + 1}')`).join(', ');
    await adminQuery(dialect, `INSERT INTO ${src} (id, note) VALUES ${values}`);
    await adminQuery(dialect, dialect === 'postgres' ? `ANALYZE ${src}` : `ANALYZE TABLE ${src}`);
  }
});

afterAll(async () => {
  for (const dialect of ['postgres', 'mysql'] as const) await dropScratch(dialect, schemaOf[dialect]);
});

describe.each(DIALECT_PAIRS)('%s → %s', (from: TestDialect, to: TestDialect) => {
  it('reports every step in order, the estimate on copy, and fewer steps when a run fails early', async () => {
    const events: PhaseEvent[] = [];
    const destination = uniqueName('dst');
    const request = {
      ...syncRequest(schemaOf, from, to, 'src', destination),
      onPhase: (e: PhaseEvent) => events.push(e),
    };
    await runSync(request);
    expect(events.map((e) => e.phase)).toEqual([...RUN_PHASES]);
    const copy = events.find((e) => e.phase === 'copy');
    // PostgreSQL's reltuples is exact after ANALYZE; InnoDB samples pages, so only "about".
    if (from === 'postgres') expect(copy?.sourceRowEstimate).toBe(ROWS);
    else expect(copy?.sourceRowEstimate).toBeGreaterThan(0);
    expect(events.filter((e) => e.phase !== 'copy').every((e) => e.sourceRowEstimate === undefined)).toBe(true);

    const failed: PhaseEvent[] = [];
    const missing = {
      ...syncRequest(schemaOf, from, to, 'absent', destination),
      onPhase: (e: PhaseEvent) => failed.push(e),
    };
    await expect(runSync(missing)).rejects.toMatchObject({ code: 'TABLE_NOT_FOUND' });
    expect(failed.map((e) => e.phase)).toEqual(['connect', 'plan']);
  });
});
