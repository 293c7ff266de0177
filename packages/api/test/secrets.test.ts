import { readFile } from 'node:fs/promises';
import path from 'node:path';
import superjson from 'superjson';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '@pipecraft/store';
import { appCodeOf, createApiDeps, fieldErrorsOf, GENERIC_INTERNAL_MESSAGE } from '../src/index.js';
import { defaultEngine } from '../src/services/engine-port.js';
import { defaultSchema, dropTable, uniqueName } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { callerFor, createHarness, waitFor, type Harness } from './support/harness.js';

const CANARY = `canary-${uniqueName('pw')}-secret`;

let h: Harness;
const table = uniqueName();
/** Every output and every error a procedure gave, serialized the way the wire would. */
const seen: string[] = [];

async function record<T>(call: Promise<T>): Promise<T | null> {
  try {
    const value = await call;
    seen.push(superjson.stringify(value));
    return value;
  } catch (error) {
    const e = error as TRPCError;
    seen.push(
      JSON.stringify({ message: e.message, code: e.code, appCode: appCodeOf(e), fieldErrors: fieldErrorsOf(e) }),
    );
    return null;
  }
}

beforeAll(async () => {
  h = await createHarness();
  await createSampleTable('postgres', table, 5);
});
afterAll(async () => {
  await dropTable('postgres', defaultSchema('postgres'), table);
  await dropTable('mysql', defaultSchema('mysql'), `${table}_copy`);
  await h?.close();
});

describe('a password never leaves', () => {
  it('through any procedure output or error', async () => {
    const c = h.caller;
    // PostgreSQL trusts local connections, so this canary password still lets everything work.
    const pg = (await record(
      c.connections.create({ ...connectionInput('postgres', uniqueName('pg')), password: CANARY }),
    ))!;
    // MariaDB root has no password, so the canary makes every call fail with AUTH_FAILED.
    const myBad = (await record(
      c.connections.create({ ...connectionInput('mysql', uniqueName('my')), password: CANARY }),
    ))!;
    const my = (await record(c.connections.create(connectionInput('mysql', uniqueName('my-ok')))))!;
    expect(pg.hasPassword).toBe(true);

    await record(c.connections.list());
    await record(c.connections.get({ id: pg.id }));
    await record(c.connections.update({ id: pg.id, host: '127.0.0.1' }));
    await record(c.connections.update({ id: myBad.id, password: CANARY }));
    expect((await record(c.connections.test({ id: pg.id })))?.ok).toBe(true);
    expect(await record(c.connections.test({ id: myBad.id }))).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
    await record(c.discovery.schemas({ connectionId: pg.id }));
    await record(c.discovery.schemas({ connectionId: myBad.id }));
    await record(c.discovery.tables({ connectionId: pg.id, schema: 'public' }));
    await record(c.discovery.tables({ connectionId: myBad.id, schema: 'test' }));
    await record(c.discovery.columns({ connectionId: pg.id, schema: 'public', table }));
    await record(c.discovery.columns({ connectionId: myBad.id, schema: 'test', table }));

    const pair = {
      sourceConnectionId: pg.id,
      sourceSchema: 'public',
      sourceTable: table,
      destinationConnectionId: my.id,
      destinationSchema: defaultSchema('mysql'),
      destinationTable: `${table}_copy`,
    };
    await record(c.syncs.preview(pair));
    await record(c.syncs.preview({ ...pair, destinationConnectionId: myBad.id }));
    const sync = (await record(c.syncs.create({ name: uniqueName('sync'), writeMode: 'full_refresh', ...pair })))!;
    const badSync = (await record(
      c.syncs.create({
        name: uniqueName('bad'),
        writeMode: 'full_refresh',
        ...pair,
        destinationConnectionId: myBad.id,
      }),
    ))!;
    await record(c.syncs.update({ id: sync.id, description: 'canary check' }));
    await record(c.syncs.list());
    await record(c.syncs.get({ id: sync.id }));
    for (const s of [sync, badSync]) {
      const started = (await record(c.runs.start({ syncId: s.id })))!;
      await waitFor(async () => {
        const run = await c.runs.get({ id: started.runId });
        return run.status === 'success' || run.status === 'failed';
      });
      await record(c.runs.get({ id: started.runId }));
      await record(c.runs.list({ syncId: s.id }));
    }
    await record(c.runs.recent());
    await record(c.connections.delete({ id: pg.id }));
    await record(c.syncs.delete({ id: badSync.id }));
    await record(c.syncs.delete({ id: sync.id }));
    await record(c.connections.delete({ id: pg.id }));

    expect(seen.length).toBeGreaterThan(25);
    const leaks = seen.filter((text) => text.includes(CANARY));
    expect(leaks).toEqual([]);
    // The failing connection really was exercised with the canary.
    expect(seen.some((text) => text.includes('AUTH_FAILED'))).toBe(true);
  });

  it('in any log line, even when an unexpected error message carries it', async () => {
    // An engine whose driver blew up with the connection string in its message.
    const leaky = {
      ...defaultEngine,
      listSchemas: async () => {
        throw new Error(`connect failed for postgresql://postgres:${CANARY}@127.0.0.1:5432/test (password=${CANARY})`);
      },
    };
    const deps = createApiDeps({ store: h.store, logger: h.deps.logger, runner: h.runner, engine: leaky });
    const caller = callerFor(deps, h.admin);
    const conn = await h.caller.connections.create({
      ...connectionInput('postgres', uniqueName('leaky')),
      password: CANARY,
    });
    const error = await caller.discovery.schemas({ connectionId: conn.id }).catch((e: unknown) => e as TRPCError);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('INTERNAL_SERVER_ERROR');
    expect((error as TRPCError).message).toBe(GENERIC_INTERNAL_MESSAGE);
    expect(appCodeOf(error as TRPCError)).toBe('INTERNAL');

    const logged = h.logLines.join('\n');
    expect(logged).toContain('Unexpected error in a procedure');
    expect(logged).toContain('[redacted]');
    expect(h.logLines.length).toBeGreaterThan(3);
    expect(h.logLines.filter((line) => line.includes(CANARY))).toEqual([]);
  });

  it('in plain text in the SQLite file', async () => {
    await h.restart();
    const bytes = await readFile(path.join(h.dataDir, SQLITE_FILE));
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(CANARY))).toBe(false);
    // …while the encrypted password is there and still decrypts.
    const conns = await h.caller.connections.list();
    expect(conns.some((c) => c.hasPassword)).toBe(true);
  });
});
