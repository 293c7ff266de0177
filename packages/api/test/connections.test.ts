import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, freePort, TEST_DIALECTS, defaultSchema, dropTable, uniqueName } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('connections CRUD', () => {
  it('creates, lists by name, gets, updates and deletes', async () => {
    const b = await h.caller.connections.create({ ...connectionInput('postgres', 'b-crud'), password: 'pw-1' });
    const a = await h.caller.connections.create({ ...connectionInput('mysql', 'a-crud'), isDestination: false });
    expect(b).toMatchObject({ name: 'b-crud', dialect: 'postgres', hasPassword: true, isSource: true, lastTest: null });
    expect(a.hasPassword).toBe(false);
    expect(b.createdAt).toBeInstanceOf(Date);
    expect(b).not.toHaveProperty('password');
    expect(b).not.toHaveProperty('passwordEncrypted');

    const names = (await h.caller.connections.list()).map((c) => c.name);
    expect(names.indexOf('a-crud')).toBeLessThan(names.indexOf('b-crud'));
    // `get` adds how the connection is used.
    expect(await h.caller.connections.get({ id: a.id })).toEqual({ ...a, usedBy: [], lastRun: null });

    const renamed = await h.caller.connections.update({ id: b.id, name: 'b-renamed', port: 5433, password: 'pw-1' });
    expect(renamed).toMatchObject({ name: 'b-renamed', port: 5433, hasPassword: true });
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(b.updatedAt.getTime());

    expect(await h.caller.connections.delete({ id: b.id })).toEqual({ id: b.id });
    await expectFailure(h.caller.connections.get({ id: b.id }), { code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    await h.caller.connections.delete({ id: a.id });
  });

  it('keeps the stored password when an update omits it, replaces it, and clears it on request', async () => {
    const c = await h.caller.connections.create({
      ...connectionInput('postgres', uniqueName('pw')),
      password: 'first',
    });
    const stored = async () =>
      (await h.store.em().findOneOrFail((await import('@pipecraft/store')).Connection, c.id)).passwordEncrypted;
    const before = await stored();
    await h.caller.connections.update({ id: c.id, name: uniqueName('pw') });
    await h.caller.connections.update({ id: c.id, password: '' });
    expect(await stored()).toBe(before);
    expect(h.store.secrets.decrypt((await stored())!)).toBe('first');
    await h.caller.connections.update({ id: c.id, password: 'second' });
    expect(h.store.secrets.decrypt((await stored())!)).toBe('second');
    const cleared = await h.caller.connections.update({ id: c.id, clearPassword: true });
    expect(cleared.hasPassword).toBe(false);
    expect(await stored()).toBeNull();
    await h.caller.connections.delete({ id: c.id });
  });

  it('never hands a stored password to a changed server: host, port, dialect or user need it again', async () => {
    const input = connectionInput('postgres', uniqueName('moved'));
    const c = await h.caller.connections.create({ ...input, password: 'kept' });
    const moves = [
      { host: 'attacker.example' },
      { port: input.port + 1 },
      { dialect: 'mysql' as const },
      { username: 'someone_else' },
    ];
    for (const move of moves) {
      const error = await expectFailure(h.caller.connections.update({ id: c.id, ...move }), {
        code: 'BAD_REQUEST',
        appCode: 'VALIDATION_FAILED',
      });
      expect(fieldErrorsOf(error)).toEqual({
        password: ['Enter the password again: the connection now points at a different server.'],
      });
    }
    // Nothing moved: the stored connection is unchanged.
    expect(await h.caller.connections.get({ id: c.id })).toMatchObject({ host: input.host, port: input.port });
    // The same values (a form sending every field), a rename, or a move with the password are fine.
    await h.caller.connections.update({
      id: c.id,
      host: input.host.toUpperCase(),
      port: input.port,
      name: uniqueName('renamed'),
    });
    const moved = await h.caller.connections.update({ id: c.id, host: 'localhost', password: 'again' });
    expect(moved).toMatchObject({ host: 'localhost', hasPassword: true });
    // Without a stored password there is nothing to hand over.
    await h.caller.connections.update({ id: c.id, clearPassword: true });
    await h.caller.connections.update({ id: c.id, host: '127.0.0.1' });
    await h.caller.connections.delete({ id: c.id });
  });

  it('refuses a duplicate name (also differing in case) with a field error', async () => {
    const c = await h.caller.connections.create(connectionInput('postgres', 'Warehouse'));
    const error = await expectFailure(h.caller.connections.create(connectionInput('mysql', 'warehouse')), {
      code: 'CONFLICT',
      appCode: 'NAME_TAKEN',
      message: /already exists/,
    });
    expect(fieldErrorsOf(error)).toEqual({ name: [expect.stringMatching(/already exists/)] });
    const other = await h.caller.connections.create(connectionInput('mysql', 'Other'));
    await expectFailure(h.caller.connections.update({ id: other.id, name: 'WAREHOUSE' }), { appCode: 'NAME_TAKEN' });
    await h.caller.connections.delete({ id: c.id });
    await h.caller.connections.delete({ id: other.id });
  });

  it('validates input with field errors', async () => {
    const error = await expectFailure(
      h.caller.connections.create({ ...connectionInput('postgres', '   '), port: 70000 }),
      { code: 'BAD_REQUEST', appCode: 'VALIDATION_FAILED', message: /not valid/ },
    );
    expect(Object.keys(fieldErrorsOf(error) ?? {}).sort()).toEqual(['name', 'port']);
    await expectFailure(h.caller.connections.get({ id: 'not-a-uuid' }), { appCode: 'VALIDATION_FAILED' });
  });

  it('refuses control characters in names and anything but an integer 1–65535 as a port (odd input)', async () => {
    const base = connectionInput('postgres', 'odd-input');
    const nul = await expectFailure(h.caller.connections.create({ ...base, name: 'a\u0000b', database: 'd\u0007' }), {
      code: 'BAD_REQUEST',
      appCode: 'VALIDATION_FAILED',
    });
    expect(fieldErrorsOf(nul)).toMatchObject({ name: [/Control characters/], database: [/Control characters/] });
    for (const port of [true, '5432n', '0x1538', '5e3', 0, 65536, 5432.5, '', ' ']) {
      const error = await expectFailure(h.caller.connections.create({ ...base, port: port as unknown as number }), {
        appCode: 'VALIDATION_FAILED',
      });
      expect(fieldErrorsOf(error)).toEqual({ port: ['Enter a port between 1 and 65535.'] });
    }
    const created = await h.caller.connections.create({ ...base, port: '5432' as unknown as number });
    expect(created.port).toBe(5432);
    await h.caller.connections.delete({ id: created.id });
  });

  it('answers NOT_FOUND for unknown ids everywhere', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    await expectFailure(h.caller.connections.get({ id }), { code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    await expectFailure(h.caller.connections.update({ id, name: 'x' }), { code: 'NOT_FOUND' });
    await expectFailure(h.caller.connections.delete({ id }), { code: 'NOT_FOUND' });
    await expectFailure(h.caller.connections.test({ id }), { code: 'NOT_FOUND' });
  });
});

describe('connections.test', () => {
  it.each(TEST_DIALECTS)('succeeds against the real %s server and stores the result', async (dialect) => {
    const c = await h.caller.connections.create(connectionInput(dialect, uniqueName(`ok-${dialect}`)));
    const started = performance.now();
    const result = await h.caller.connections.test({ id: c.id });
    const elapsed = performance.now() - started;
    if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
    const [reported] = await adminQuery<{ v: string }>(
      dialect,
      dialect === 'postgres' ? "SELECT current_setting('server_version') AS v" : 'SELECT VERSION() AS v',
    );
    expect(result.serverVersion).toBe(
      dialect === 'postgres' ? `PostgreSQL ${reported!.v.replace(/ \(.*\)$/, '')}` : reported!.v,
    );
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.latencyMs).toBeLessThanOrEqual(Math.ceil(elapsed));
    expect(result.testedAt).toBeInstanceOf(Date);
    const after = await h.caller.connections.get({ id: c.id });
    expect(after.lastTest).toEqual({
      ok: true,
      testedAt: result.testedAt,
      serverVersion: result.serverVersion,
      latencyMs: result.latencyMs,
      stale: false,
    });
    await h.caller.connections.delete({ id: c.id });
  });

  const failures: Array<{
    title: string;
    dialect: 'postgres' | 'mysql';
    patch: () => Promise<Record<string, unknown>>;
    code: string;
    message: RegExp;
  }> = [
    {
      title: 'PostgreSQL closed port',
      dialect: 'postgres',
      patch: async () => ({ port: await freePort() }),
      code: 'CONNECTION_REFUSED',
      message: /refused/i,
    },
    {
      title: 'MySQL closed port',
      dialect: 'mysql',
      patch: async () => ({ port: await freePort() }),
      code: 'CONNECTION_REFUSED',
      message: /refused/i,
    },
    {
      title: 'PostgreSQL unknown role',
      dialect: 'postgres',
      patch: async () => ({ username: uniqueName('nobody') }),
      code: 'AUTH_FAILED',
      message: /auth|password|role|denied/i,
    },
    {
      title: 'PostgreSQL unknown database',
      dialect: 'postgres',
      patch: async () => ({ database: uniqueName('nodb') }),
      code: 'DATABASE_NOT_FOUND',
      message: /database/i,
    },
    {
      title: 'MySQL unknown database',
      dialect: 'mysql',
      patch: async () => ({ database: uniqueName('nodb') }),
      code: 'DATABASE_NOT_FOUND',
      message: /database/i,
    },
    {
      title: 'unknown host',
      dialect: 'postgres',
      patch: async () => ({ host: 'no-such-host.invalid' }),
      code: 'HOST_NOT_FOUND',
      message: /host/i,
    },
  ];
  it.each(failures)('reports $title as $code', async ({ dialect, patch, code, message }) => {
    const c = await h.caller.connections.create({ ...connectionInput(dialect, uniqueName('bad')), ...(await patch()) });
    const started = Date.now();
    const result = await h.caller.connections.test({ id: c.id });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toMatch(message);
    const after = await h.caller.connections.get({ id: c.id });
    expect(after.lastTest).toMatchObject({ ok: false, code });
    await h.caller.connections.delete({ id: c.id });
  });

  it('reports a wrong MariaDB password as AUTH_FAILED and the right one as success', async () => {
    const user = uniqueName('pc_api_user');
    const password = `right-${uniqueName('pw')}`;
    await adminQuery('mysql', `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await adminQuery('mysql', `CREATE USER '${user}'@'localhost' IDENTIFIED BY '${password}'`);
    for (const host of ['%', 'localhost']) {
      await adminQuery('mysql', `GRANT SELECT ON \`${defaultSchema('mysql')}\`.* TO '${user}'@'${host}'`);
    }
    try {
      const base = { ...connectionInput('mysql', uniqueName('auth')), username: user };
      const wrong = await h.caller.connections.create({ ...base, password: 'wrong-password' });
      expect(await h.caller.connections.test({ id: wrong.id })).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      await h.caller.connections.update({ id: wrong.id, password });
      const right = await h.caller.connections.test({ id: wrong.id });
      expect(right.ok ? 'ok' : `${right.code}: ${right.message}`).toBe('ok');
      await h.caller.connections.delete({ id: wrong.id });
    } finally {
      await adminQuery('mysql', `DROP USER IF EXISTS '${user}'@'%'`);
      await adminQuery('mysql', `DROP USER IF EXISTS '${user}'@'localhost'`);
    }
  });
});

describe('connections.delete while in use', () => {
  it('is refused with a message naming the syncs', async () => {
    const table = uniqueName();
    await createSampleTable('postgres', table, 3);
    try {
      const source = await h.caller.connections.create(connectionInput('postgres', uniqueName('src')));
      const destination = await h.caller.connections.create(connectionInput('mysql', uniqueName('dst')));
      const sync = await h.caller.syncs.create({
        name: 'Nightly orders',
        sourceConnectionId: source.id,
        sourceSchema: defaultSchema('postgres'),
        sourceTable: table,
        destinationConnectionId: destination.id,
        destinationSchema: defaultSchema('mysql'),
        destinationTable: `${table}_copy`,
        writeMode: 'full_refresh',
      });
      const roleError = await expectFailure(h.caller.connections.update({ id: source.id, isSource: false }), {
        code: 'PRECONDITION_FAILED',
        appCode: 'CONNECTION_IN_USE',
        message: /is the source of "Nightly orders"/,
      });
      expect(fieldErrorsOf(roleError)).toHaveProperty('isSource');
      await expectFailure(h.caller.connections.update({ id: destination.id, isDestination: false }), {
        appCode: 'CONNECTION_IN_USE',
      });
      // The role a sync does not use can change.
      expect((await h.caller.connections.update({ id: source.id, isDestination: false })).isDestination).toBe(false);
      for (const id of [source.id, destination.id]) {
        await expectFailure(h.caller.connections.delete({ id }), {
          code: 'PRECONDITION_FAILED',
          appCode: 'CONNECTION_IN_USE',
          message: /"Nightly orders"/,
        });
      }
      await h.caller.syncs.delete({ id: sync.id });
      await h.caller.connections.delete({ id: source.id });
      await h.caller.connections.delete({ id: destination.id });
    } finally {
      await dropTable('postgres', defaultSchema('postgres'), table);
    }
  });
});

describe('a stored password that no longer decrypts (secret key changed)', () => {
  it('is reported clearly by test and discovery, and fixed by entering it again', async () => {
    const { Connection } = await import('@pipecraft/store');
    const c = await h.caller.connections.create({
      ...connectionInput('postgres', uniqueName('rekeyed')),
      password: 'old',
    });
    const em = h.store.em();
    const entity = await em.findOneOrFail(Connection, c.id);
    entity.passwordEncrypted = 'v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA==:AAAA';
    await em.flush();

    expect(await h.caller.connections.test({ id: c.id })).toMatchObject({
      ok: false,
      code: 'SECRET_UNREADABLE',
      message: /enter the password again/i,
    });
    await expectFailure(h.caller.discovery.schemas({ connectionId: c.id }), {
      appCode: 'SECRET_UNREADABLE',
      message: /cannot be decrypted/,
    });
    await h.caller.connections.update({ id: c.id, password: 'new' });
    expect((await h.caller.connections.test({ id: c.id })).ok).toBe(true);
    await h.caller.connections.delete({ id: c.id });
  });
});
