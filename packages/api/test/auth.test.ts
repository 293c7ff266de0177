import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { RunExecutor } from '@pipecraft/runner';
import { AuditEvent, openStore, Session, User, type Store } from '@pipecraft/store';
import { createApiDeps, type ApiDeps } from '../src/index.js';
import { uniqueName } from '@pipecraft/test-support';
import { connectionInput } from './support/databases.js';
import { ADMIN, callerFor, createHarness, expectFailure, type Harness } from './support/harness.js';

/** A fake cookie jar standing in for the HTTP host's. */
function cookieJar() {
  const jar = {
    secret: null as string | null,
    expiresAt: null as Date | null,
    sessionCookie: {
      set(secret: string, expiresAt: Date) {
        jar.secret = secret;
        jar.expiresAt = expiresAt;
      },
      clear() {
        jar.secret = null;
      },
    },
  };
  return jar;
}

describe('first start', () => {
  let dataDir: string;
  let store: Store;
  let runner: RunExecutor;
  let deps: ApiDeps;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'pc-api-auth-'));
    store = await openStore({ dataDir });
    const logger = createLogger({ level: 'error', write: () => {} });
    runner = new RunExecutor({ store, logger });
    deps = createApiDeps({ store, logger, runner });
  });
  afterAll(async () => {
    await runner?.shutdown();
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses everything but setup until the first admin exists, then creates them once and signs them in', async () => {
    const anonymous = callerFor(deps, {}, { ip: '192.0.2.1' });
    expect(await anonymous.auth.status()).toEqual({ setupRequired: true, user: null });
    await expectFailure(anonymous.connections.list(), { code: 'UNAUTHORIZED', appCode: 'SETUP_REQUIRED' });
    await expectFailure(anonymous.meta.dialects(), { appCode: 'SETUP_REQUIRED' });
    await expectFailure(anonymous.auth.setup({ ...ADMIN, password: 'short' }), { appCode: 'VALIDATION_FAILED' });

    const jar = cookieJar();
    const setupCaller = callerFor(deps, {}, { ip: '192.0.2.1', sessionCookie: jar.sessionCookie });
    await setupCaller.auth.setup({ ...ADMIN, email: 'First@Example.com' });
    expect(jar.secret).toMatch(/^pcs_/);
    const admin = callerFor(deps, { sessionSecret: jar.secret });
    expect(await admin.auth.status()).toEqual({
      setupRequired: false,
      user: expect.objectContaining({ email: 'first@example.com', role: 'admin', via: 'session' }),
    });
    expect(await admin.connections.list()).toEqual([]);

    await expectFailure(anonymous.auth.setup({ ...ADMIN, email: 'second@example.com' }), {
      code: 'CONFLICT',
      appCode: 'SETUP_DONE',
    });
    await expectFailure(anonymous.connections.list(), { code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED' });
    expect(await store.em().count(User, {})).toBe(1);
    // The store holds a scrypt hash and the session's SHA-256, never the secrets themselves.
    const user = await store.em().findOneOrFail(User, { email: 'first@example.com' });
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(user.passwordHash).not.toContain(ADMIN.password);
    expect(await store.em().count(Session, { id: jar.secret! })).toBe(0);
    const setupEvent = await store.em().findOneOrFail(AuditEvent, { action: 'auth.setup' });
    expect(setupEvent).toMatchObject({ actorEmail: 'first@example.com', ip: '192.0.2.1' });
  });
});

describe('sign-in and sign-out', () => {
  let h: Harness;
  const editor = { email: 'editor@example.com', name: 'Ed', password: 'editor password 1', role: 'editor' as const };

  beforeAll(async () => {
    h = await createHarness();
    await h.caller.users.create(editor);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('signs in with the right password, sets an expiring session, and signs out', async () => {
    const jar = cookieJar();
    const anonymous = callerFor(h.deps, {}, { sessionCookie: jar.sessionCookie, ip: '198.51.100.7' });
    const { expiresAt } = await anonymous.auth.signIn({ email: 'Editor@Example.com ', password: editor.password });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(jar.expiresAt).toEqual(expiresAt);
    const signedIn = callerFor(h.deps, { sessionSecret: jar.secret }, { sessionCookie: jar.sessionCookie });
    expect((await signedIn.auth.status()).user).toMatchObject({ email: editor.email, role: 'editor' });
    const secret = jar.secret;

    await signedIn.auth.signOut();
    expect(jar.secret).toBeNull();
    const afterSignOut = callerFor(h.deps, { sessionSecret: secret });
    expect((await afterSignOut.auth.status()).user).toBeNull();
    await expectFailure(afterSignOut.syncs.list(), { appCode: 'UNAUTHENTICATED' });
    const actions = (await h.caller.audit.list({ actor: editor.email })).items.map((e) => e.action);
    expect(actions).toEqual(['auth.sign_out', 'auth.sign_in']);
  });

  it('refuses a wrong password and an unknown email alike, audits both, and rate-limits', async () => {
    const anonymous = callerFor(h.deps, {}, { ip: '203.0.113.9' });
    const wrong = await expectFailure(anonymous.auth.signIn({ email: editor.email, password: 'not the password' }), {
      code: 'UNAUTHORIZED',
      appCode: 'SIGN_IN_FAILED',
      message: /^Wrong email or password\.$/,
    });
    const unknown = await expectFailure(
      anonymous.auth.signIn({ email: 'nobody@example.com', password: 'not the password' }),
      { appCode: 'SIGN_IN_FAILED' },
    );
    expect(unknown.message).toBe(wrong.message);
    const failures = await h.caller.audit.list({ action: 'auth.sign_in_failed' });
    expect(failures.items.map((e) => [e.actorEmail, e.changes?.reason?.after, e.ip])).toEqual([
      ['nobody@example.com', 'unknown_email', '203.0.113.9'],
      [editor.email, 'wrong_password', '203.0.113.9'],
    ]);
    expect(JSON.stringify(failures)).not.toContain('not the password');
    expect(h.logLines.filter((line) => line.includes('Sign-in failed') && line.includes('unknown_email'))).toHaveLength(
      1,
    );
    expect(h.logLines.join('\n')).not.toContain('not the password');

    for (let i = 0; i < 4; i++) {
      await expectFailure(anonymous.auth.signIn({ email: editor.email, password: `wrong ${i}` }), {
        appCode: 'SIGN_IN_FAILED',
      });
    }
    // Five failures for this email: even the right password waits now.
    await expectFailure(anonymous.auth.signIn({ email: editor.email, password: editor.password }), {
      code: 'TOO_MANY_REQUESTS',
      appCode: 'RATE_LIMITED',
    });
    expect((await h.caller.audit.list({ action: 'auth.sign_in_failed' })).items[0]?.changes?.reason?.after).toBe(
      'rate_limited',
    );
  });

  it('signs out everywhere, and disabling a user ends their sessions and tokens', async () => {
    const viewer = { email: 'viewer@example.com', name: 'Vi', password: 'viewer password 1', role: 'viewer' as const };
    const created = await h.caller.users.create(viewer);
    const sessions: string[] = [];
    for (let i = 0; i < 2; i++) {
      const jar = cookieJar();
      await callerFor(h.deps, {}, { sessionCookie: jar.sessionCookie }).auth.signIn(viewer);
      sessions.push(jar.secret!);
    }
    const first = callerFor(h.deps, { sessionSecret: sessions[0] });
    expect(await first.auth.signOutEverywhere()).toEqual({ revoked: 2 });
    for (const secret of sessions) {
      expect((await callerFor(h.deps, { sessionSecret: secret }).auth.status()).user).toBeNull();
    }

    const jar = cookieJar();
    await callerFor(h.deps, {}, { sessionCookie: jar.sessionCookie }).auth.signIn(viewer);
    await h.caller.users.update({ id: created.id, disabled: true });
    expect((await callerFor(h.deps, { sessionSecret: jar.secret }).auth.status()).user).toBeNull();
    await expectFailure(callerFor(h.deps).auth.signIn(viewer), { appCode: 'SIGN_IN_FAILED' });
    await h.caller.users.update({ id: created.id, disabled: false, role: 'operator' });
    const list = await h.caller.users.list();
    expect(list.find((u) => u.email === viewer.email)).toMatchObject({ role: 'operator', disabled: false });
    expect(JSON.stringify(list)).not.toMatch(/scrypt|passwordHash/);
  });

  it('keeps an admin from demoting or disabling themselves, and refuses a taken email', async () => {
    const me = (await h.caller.auth.status()).user!;
    await expectFailure(h.caller.users.update({ id: me.id, role: 'viewer' }), { appCode: 'VALIDATION_FAILED' });
    await expectFailure(h.caller.users.update({ id: me.id, disabled: true }), { appCode: 'VALIDATION_FAILED' });
    await expectFailure(h.caller.users.create({ ...editor, email: 'EDITOR@example.com' }), {
      code: 'CONFLICT',
      appCode: 'EMAIL_TAKEN',
    });
  });

  it('ends a session when it expires', async () => {
    const short = createApiDeps({ store: h.store, logger: h.deps.logger, runner: h.runner, sessionTtlMs: 50 });
    const jar = cookieJar();
    await callerFor(short, {}, { sessionCookie: jar.sessionCookie }).auth.signIn({
      email: ADMIN.email,
      password: ADMIN.password,
    });
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expectFailure(callerFor(short, { sessionSecret: jar.secret }).connections.list(), {
      appCode: 'UNAUTHENTICATED',
    });
  });

  it('lets an editor change connections but not users', async () => {
    const ed = callerFor(h.deps, { bearerToken: (await h.caller.tokens.create({ name: 'ed', role: 'editor' })).token });
    const created = await ed.connections.create(connectionInput('postgres', uniqueName('by-editor')));
    expect(created.hasPassword).toBe(false);
    await expectFailure(ed.users.list(), { code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
  });
});
