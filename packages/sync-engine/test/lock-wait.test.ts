import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync, type SyncRequest } from '../src/index.js';
import { adminQuery, createScratch, dropScratch, pgQuote, selectRows, uniqueName } from '@pipecraft/test-support';
import { CONFIGS, PG } from './support/databases.js';

/**
 * Fault test (issue 9): another session holds a plain SELECT open in a transaction on the
 * PostgreSQL destination. The run waits in short attempts, says who holds the lock, lets readers
 * through meanwhile, and fails with LOCK_TIMEOUT after its bound — or proceeds once the lock is free.
 */
const schema = uniqueName('pc_lockwait');
const live = `${pgQuote(schema)}.live`;

async function holder(): Promise<pg.Client> {
  const client = new pg.Client({ host: PG.host, port: PG.port, user: PG.user, database: PG.database });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`SELECT count(*) FROM ${live}`);
  return client;
}

/** A reader with a 3 s statement timeout; resolves with how long the read took. */
async function timedRead(): Promise<number> {
  const client = new pg.Client({ host: PG.host, port: PG.port, user: PG.user, database: PG.database });
  await client.connect();
  try {
    await client.query("SET statement_timeout = '3s'");
    const started = Date.now();
    await client.query(`SELECT count(*) FROM ${live}`);
    return Date.now() - started;
  } finally {
    await client.end();
  }
}

const request = (lockWaitMs: number, details: Array<string | null>): SyncRequest => ({
  source: { connection: CONFIGS.postgres, table: { schema, table: 'src' } },
  destination: { connection: CONFIGS.postgres, table: { schema, table: 'live' } },
  writeMode: 'full_refresh',
  lockWaitMs,
  onWait: (detail) => details.push(detail),
});

beforeAll(async () => {
  await createScratch('postgres', schema);
  await adminQuery('postgres', `CREATE TABLE ${pgQuote(schema)}.src (id integer PRIMARY KEY, note text)`);
  await adminQuery('postgres', `INSERT INTO ${pgQuote(schema)}.src SELECT g, 'new' FROM generate_series(1, 1000) g`);
  await adminQuery('postgres', `CREATE TABLE ${live} (id integer PRIMARY KEY, note text)`);
});

afterAll(async () => {
  await dropScratch('postgres', schema);
});

describe('PostgreSQL destination locked by an open transaction', () => {
  it('reports the holder, keeps readers moving, and fails with LOCK_TIMEOUT after the bound', async () => {
    await adminQuery('postgres', `TRUNCATE ${live}; INSERT INTO ${live} VALUES (1, 'old')`);
    const blocker = await holder();
    const blockerPid = (blocker as unknown as { processID: number }).processID;
    const details: Array<string | null> = [];
    try {
      const run = runSync(request(3_000, details));
      const reads: number[] = [];
      const readsDone = (async () => {
        for (let i = 0; i < 10; i++) {
          reads.push(await timedRead());
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      })();
      await expect(run).rejects.toMatchObject({
        code: 'LOCK_TIMEOUT',
        message: expect.stringMatching(new RegExp(`held by pid ${blockerPid} \\(user postgres, query started`)),
      });
      await readsDone;
      expect(details[0]).toMatch(new RegExp(`^Waiting for a lock on ${schema}.live held by pid ${blockerPid}`));
      // Every read finished well inside its 3 s timeout: none queued behind the run's request.
      expect(Math.max(...reads)).toBeLessThan(1_500);
    } finally {
      await blocker.end();
    }
    expect(await selectRows('postgres', schema, 'live', ['note'])).toEqual([['old']]);
  }, 30_000);

  it('takes the lock once the other transaction ends, and clears the waiting note', async () => {
    const blocker = await holder();
    const details: Array<string | null> = [];
    setTimeout(() => void blocker.query('COMMIT'), 1_000);
    try {
      const result = await runSync(request(10_000, details));
      expect(result.rowsWritten).toBe(1000);
      expect(details.length).toBeGreaterThan(1);
      expect(details.at(-1)).toBeNull();
    } finally {
      await blocker.end();
    }
  }, 30_000);
});
