import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent, Connection } from '@pipecraft/store';
import { defaultSchema, dropTable, uniqueName } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { callerFor, createHarness, expectFailure, waitFor, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the audit log', () => {
  it('records connection changes with a before/after diff that never holds the password', async () => {
    const caller = callerFor(h.deps, h.admin, { ip: '192.0.2.44' });
    const secret = `pw-${uniqueName('audit')}`;
    const c = await caller.connections.create({
      ...connectionInput('postgres', uniqueName('audited')),
      password: secret,
    });
    await caller.connections.update({ id: c.id, port: 6543, password: `${secret}-2` });
    await caller.connections.update({ id: c.id, clearPassword: true });
    await caller.connections.delete({ id: c.id });

    const page = await h.caller.audit.list({ action: 'connection' });
    const mine = page.items.filter((e) => e.targetId === c.id);
    expect(mine.map((e) => e.action)).toEqual([
      'connection.delete',
      'connection.update',
      'connection.update',
      'connection.create',
    ]);
    const [deleted, cleared, changed, created] = mine;
    expect(created).toMatchObject({ actorEmail: 'admin@example.com', ip: '192.0.2.44', targetType: 'connection' });
    expect(created!.changes).toMatchObject({
      name: { before: null, after: c.name },
      hasPassword: { before: null, after: true },
    });
    expect(changed!.changes).toEqual({
      port: { before: c.port, after: 6543 },
      password: { before: '(hidden)', after: '(changed)' },
    });
    expect(cleared!.changes).toEqual({ hasPassword: { before: true, after: false } });
    expect(deleted!.changes).toMatchObject({ name: { before: c.name, after: null } });

    const raw = await h.store.em().find(AuditEvent, {});
    expect(JSON.stringify(raw)).not.toContain(secret);
  });

  it('writes the entry and the change together: a refused change leaves no entry', async () => {
    const name = uniqueName('dup');
    await h.caller.connections.create(connectionInput('mysql', name));
    const before = await h.store.em().count(AuditEvent, {});
    // Race past the service's name check straight into the unique index: the flush fails as a whole.
    const em = h.store.em();
    const { password: _password, ...fields } = connectionInput('mysql', name);
    em.create(Connection, { ...fields, passwordEncrypted: null });
    h.deps.services.audit.record(em, { actor: null, ip: null }, { action: 'connection.create' });
    await expect(em.flush()).rejects.toThrow();
    expect(await h.store.em().count(AuditEvent, {})).toBe(before);
  });

  it('records sync changes and runs started, and filters by actor, action and time', async () => {
    const table = uniqueName('audit_items').replaceAll('-', '_');
    await createSampleTable('postgres', table, 3);
    try {
      const source = await h.caller.connections.create(connectionInput('postgres', uniqueName('audit-src')));
      const destination = await h.caller.connections.create(connectionInput('mysql', uniqueName('audit-dst')));
      const sync = await h.caller.syncs.create({
        name: uniqueName('audit-sync'),
        sourceConnectionId: source.id,
        sourceSchema: defaultSchema('postgres'),
        sourceTable: table,
        destinationConnectionId: destination.id,
        destinationSchema: defaultSchema('mysql'),
        destinationTable: `${table}_audit`,
      });
      const { token } = await h.caller.tokens.create({ name: 'runner-bot', role: 'operator' });
      const operator = callerFor(h.deps, { bearerToken: token });
      const { runId } = await operator.runs.start({ syncId: sync.id });
      await waitFor(async () => ['success', 'failed'].includes((await h.caller.runs.get({ id: runId })).status));
      await h.caller.syncs.update({ id: sync.id, description: 'nightly' });

      const runs = await h.caller.audit.list({ action: 'run.start' });
      expect(runs.items[0]).toMatchObject({
        actorEmail: 'admin@example.com (token runner-bot)',
        targetId: runId,
        changes: { syncId: { before: null, after: sync.id } },
      });
      const updates = await h.caller.audit.list({ action: 'sync.update' });
      expect(updates.items[0]?.changes).toEqual({ description: { before: null, after: 'nightly' } });

      expect((await h.caller.audit.list({ actor: 'runner-bot' })).items.map((e) => e.action)).toEqual(['run.start']);
      expect((await h.caller.audit.list({ actor: 'nobody-like-this' })).total).toBe(0);
      expect((await h.caller.audit.list({ from: new Date(Date.now() + 60_000) })).total).toBe(0);
      const all = await h.caller.audit.list({ to: new Date(), limit: 2 });
      expect(all.items).toHaveLength(2);
      expect(all.nextCursor).toBe(2);
      await h.caller.syncs.delete({ id: sync.id });
      expect((await h.caller.audit.list({ action: 'sync.delete' })).items[0]?.targetId).toBe(sync.id);
    } finally {
      await dropTable('postgres', defaultSchema('postgres'), table);
      await dropTable('mysql', defaultSchema('mysql'), `${table}_audit`);
    }
  });

  it('is for admins only, and has no way to change or delete an entry', async () => {
    const { token } = await h.caller.tokens.create({ name: 'ed', role: 'editor' });
    await expectFailure(callerFor(h.deps, { bearerToken: token }).audit.list(), { code: 'FORBIDDEN' });
    expect(Object.keys(h.caller.audit)).toEqual([]);
    const procedures = Object.keys((await import('../src/index.js')).appRouter._def.procedures);
    expect(procedures.filter((p) => p.startsWith('audit.'))).toEqual(['audit.list']);
  });
});
