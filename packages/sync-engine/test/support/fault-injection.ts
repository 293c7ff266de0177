/**
 * The faults the engine's fault tests inject: a sync process killed (SIGKILL) while it writes, the
 * source's connection killed by its server while a run reads, and sessions that hold a run at a
 * known point (a lock the run must wait for) so a kill lands there and nowhere else.
 */
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { TEST_SERVERS, adminQuery, qualified, type TestDialect } from '@pipecraft/test-support';
import type { SyncRequest } from '../../src/index.js';

/** Syncs running in a child process (sync-child.ts), to be killed mid-write. */
interface SyncChild {
  /** Resolves once run `index` has reported `rows` rows; rejects if it ended or the process exited first. */
  waitForProgress(index: number, rows: number): Promise<void>;
  /** Rejects once the process has exited (a run that finished or failed before its kill is a test failure). */
  readonly exited: Promise<never>;
  /** SIGKILL, resolving with the signal the process died of. */
  kill(): Promise<NodeJS.Signals | null>;
}

export function startSyncChild(requests: SyncRequest[]): SyncChild {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./sync-child.ts', import.meta.url)),
      JSON.stringify(requests.map(({ onProgress: _drop, ...request }) => request)),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const signal = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, how) => resolve(how)));
  const exited = signal.then((how): never => {
    throw new Error(`the sync child exited (${how ?? 'no signal'}) before its kill:\n${stdout}${stderr}`);
  });
  exited.catch(() => undefined);
  const watchers = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const watcher of watchers) watcher();
  });
  return {
    waitForProgress(index, rows) {
      return Promise.race([
        exited,
        new Promise<void>((resolve, reject) => {
          const check = () => {
            const reported = [...stdout.matchAll(new RegExp(`^progress ${index} (\\d+)$`, 'gm'))];
            if (reported.some((match) => Number(match[1]) >= rows)) resolve();
            else if (new RegExp(`^(done|failed) ${index}\\b`, 'm').test(stdout))
              reject(new Error(`run ${index} ended before its kill:\n${stdout}${stderr}`));
            else return;
            watchers.delete(check);
          };
          watchers.add(check);
          check();
        }),
      ]);
    },
    exited,
    async kill() {
      child.kill('SIGKILL');
      return signal;
    },
  };
}

/**
 * The killer thread's code (CommonJS, so it needs no TypeScript loader): on each message, kill on
 * the source server every connection still sending the rows of `name`, then store 1 (killed), 2
 * (none was sending) or 3 (failed) in `done` and wake the waiting test.
 */
const KILLER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ from, server, name, done }) => {
  let result = 3;
  try {
    if (from === 'postgres') {
      const pg = require('pg');
      const client = new pg.Client({ ...server, password: server.password || undefined });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY %TO STDOUT' AND strpos(query, $1) > 0 AND pid <> pg_backend_pid()",
          [name],
        );
        result = rows.some((row) => row.ok) ? 1 : 2;
      } finally {
        await client.end();
      }
    } else {
      const mysql = require('mysql2/promise');
      const connection = await mysql.createConnection(server);
      try {
        const [rows] = await connection.query(
          "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO LIKE 'SELECT %' AND LOCATE(?, INFO) > 0 AND ID <> CONNECTION_ID()",
          [name],
        );
        for (const row of rows) await connection.query('KILL CONNECTION ' + Number(row.id));
        result = rows.length > 0 ? 1 : 2;
      } finally {
        await connection.end();
      }
    }
  } catch (error) {
    console.error('killSourceRead:', error);
  }
  Atomics.store(done, 0, result);
  Atomics.notify(done, 0);
});
`;

let killer: Worker | null = null;

/**
 * Kill, on the source server, every connection still sending the rows of `schema.table`; true when
 * there was one. Synchronous on purpose: called from `onProgress`, it holds the run still (its event
 * loop blocked) until the kill has landed, so the run cannot finish its read first. The kill runs
 * on a thread of its own (a child process per kill costs seconds on a loaded machine, and the
 * whole test file stands still meanwhile). Only a read the server is still executing counts: one
 * it has finished sending would prove nothing.
 */
export function killSourceRead(from: TestDialect, schema: string, table: string): boolean {
  if (!killer) {
    killer = new Worker(KILLER, { eval: true });
    killer.unref();
  }
  const { host, port, user, password, database } = TEST_SERVERS[from];
  const done = new Int32Array(new SharedArrayBuffer(4));
  killer.postMessage({
    from,
    server: { host, port, user, password, database },
    name: qualified(from, schema, table),
    done,
  });
  if (Atomics.wait(done, 0, 0, 30_000) === 'timed-out') throw new Error('the source kill did not answer within 30 s');
  if (done[0] === 3) throw new Error('the source kill failed (its error is logged above)');
  return done[0] === 1;
}

/** A session of the test's own that holds a lock some run will have to wait for. */
export interface LockHolder {
  /** How many sessions are waiting for this one's locks right now. */
  waiters(): Promise<number>;
  /** Roll back and disconnect: whatever waited goes on. */
  release(): Promise<void>;
}

async function connect(dialect: TestDialect): Promise<{
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}> {
  const { host, port, user, password, database } = TEST_SERVERS[dialect];
  if (dialect === 'postgres') {
    const client = new pg.Client({ host, port, user, database, password: password || undefined });
    await client.connect();
    return { query: async (sql, params) => (await client.query(sql, params)).rows, close: () => client.end() };
  }
  const connection = await mysql.createConnection({ host, port, user, password, database });
  return {
    query: async (sql, params) => (await connection.query(sql, params))[0] as Array<Record<string, unknown>>,
    close: () => connection.end(),
  };
}

type Session = Awaited<ReturnType<typeof connect>>;

/**
 * `session` as a LockHolder. Its waiters are counted on a connection of their own: inside the
 * holder's transaction, pg_stat_activity would answer from the snapshot its first read took.
 * `mysqlWaiters` counts them on MySQL, given the holder's connection id as `?`.
 */
async function holderOf(
  dialect: TestDialect,
  session: Session,
  mysqlWaiters: { sql: string; params: unknown[] },
  releaseSql: string,
): Promise<LockHolder> {
  const postgres = dialect === 'postgres';
  const [self] = await session.query(postgres ? 'SELECT pg_backend_pid() AS id' : 'SELECT CONNECTION_ID() AS id');
  const id = Number(self?.id);
  return {
    async waiters() {
      const rows = await adminQuery<{ n: unknown }>(
        dialect,
        postgres
          ? 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))'
          : mysqlWaiters.sql,
        postgres ? [id] : [...mysqlWaiters.params, id],
      );
      return Number(rows[0]?.n);
    },
    async release() {
      await session.query(releaseSql);
      await session.close();
    },
  };
}

/**
 * An uncommitted INSERT of `row` (a key a run is about to write): the run's load or merge reaches
 * that key and waits, its transaction open with everything before it applied.
 */
export async function holdKey(
  dialect: TestDialect,
  schema: string,
  table: string,
  row: Record<string, string | number>,
): Promise<LockHolder> {
  const session = await connect(dialect);
  const names = Object.keys(row);
  const placeholders = names.map((_name, index) => (dialect === 'postgres' ? `$${index + 1}` : '?')).join(', ');
  await session.query('BEGIN');
  await session.query(
    `INSERT INTO ${qualified(dialect, schema, table)} (${names.join(', ')}) VALUES (${placeholders})`,
    Object.values(row),
  );
  // MariaDB does not list every row-lock wait in INNODB_LOCK_WAITS: a transaction whose first
  // write went to a temporary table (a merge's change set) waits unlisted. So a statement of the
  // run's on this table that has stood still for 2 s (on a 2,000-row table) counts as waiting too.
  const waiters = `SELECT (SELECT COUNT(*) FROM information_schema.PROCESSLIST
      WHERE COMMAND = 'Query' AND TIME >= 2 AND INFO NOT LIKE 'SELECT%' AND LOCATE(?, INFO) > 0)
    + (SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w
      JOIN information_schema.INNODB_TRX t ON t.trx_id = w.blocking_trx_id WHERE t.trx_mysql_thread_id = ?) AS n`;
  return holderOf(dialect, session, { sql: waiters, params: [qualified(dialect, schema, table)] }, 'ROLLBACK');
}

/** The whole table locked against readers: a run that reads it waits before its first row. */
export async function lockTable(dialect: TestDialect, schema: string, table: string): Promise<LockHolder> {
  const session = await connect(dialect);
  const name = qualified(dialect, schema, table);
  if (dialect === 'postgres') {
    await session.query('BEGIN');
    await session.query(`LOCK TABLE ${name} IN ACCESS EXCLUSIVE MODE`);
    return holderOf(dialect, session, { sql: '', params: [] }, 'ROLLBACK');
  }
  await session.query(`LOCK TABLES ${name} WRITE`);
  const waiters = `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
    WHERE STATE = 'Waiting for table metadata lock' AND LOCATE(?, INFO) > 0 AND ID <> ?`;
  return holderOf(dialect, session, { sql: waiters, params: [name] }, 'UNLOCK TABLES');
}

/** Poll until `holder` has a waiter; rejects with `whileWaiting` if that settles first. */
export async function untilWaitedFor(holder: LockHolder, whileWaiting: Promise<never>): Promise<void> {
  let waiting = true;
  const poll = (async () => {
    while (waiting && (await holder.waiters()) === 0) await new Promise((resolve) => setTimeout(resolve, 25));
  })();
  try {
    await Promise.race([poll, whileWaiting]);
  } finally {
    waiting = false;
    await poll.catch(() => undefined);
  }
}
