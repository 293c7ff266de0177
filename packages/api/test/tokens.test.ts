import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiToken } from '@pipecraft/store';
import { callerFor, createHarness, expectFailure, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('API tokens', () => {
  it('are shown once, stored hashed, scoped by role, record their last use and can be revoked', async () => {
    const { token, info } = await h.caller.tokens.create({ name: 'ci', role: 'viewer', expiresInDays: 30 });
    expect(token).toMatch(/^pct_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: 'ci', role: 'viewer', prefix: token.slice(0, 8), lastUsedAt: null });
    expect(info.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const row = await h.store.em().findOneOrFail(ApiToken, info.id);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    const listed = await h.caller.tokens.list();
    expect(JSON.stringify(listed)).not.toContain(token);

    const viewer = callerFor(h.deps, { bearerToken: token });
    expect((await viewer.auth.status()).user).toMatchObject({
      email: 'admin@example.com',
      role: 'viewer',
      via: 'token',
    });
    expect(await viewer.syncs.list()).toEqual([]);
    await expectFailure(viewer.connections.create({} as never), { code: 'FORBIDDEN' });
    expect((await h.caller.tokens.list()).find((t) => t.id === info.id)?.lastUsedAt).toBeInstanceOf(Date);

    expect((await h.caller.tokens.revoke({ id: info.id })).revokedAt).toBeInstanceOf(Date);
    await expectFailure(viewer.syncs.list(), { code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED' });
    const actions = (await h.caller.audit.list({ action: 'token' })).items.map((e) => e.action);
    expect(actions).toEqual(['token.revoke', 'token.create']);
  });

  it('stop working when they expire, and are unknown when mistyped', async () => {
    const { token, info } = await h.caller.tokens.create({ name: 'short', role: 'admin', expiresInDays: 1 });
    await h.store.em().nativeUpdate(ApiToken, { id: info.id }, { expiresAt: new Date(Date.now() - 1000) });
    await expectFailure(callerFor(h.deps, { bearerToken: token }).syncs.list(), { appCode: 'UNAUTHENTICATED' });
    await expectFailure(callerFor(h.deps, { bearerToken: `${token}x` }).syncs.list(), {
      appCode: 'UNAUTHENTICATED',
    });
  });

  it('never exceed their owner: a token of a demoted user acts with the lower role', async () => {
    const user = await h.caller.users.create({
      email: 'tokens-owner@example.com',
      name: 'Owner',
      password: 'owner password 1',
      role: 'admin',
    });
    const jar: { secret: string | null } = { secret: null };
    await callerFor(h.deps, {}, { sessionCookie: { set: (s) => (jar.secret = s), clear: () => {} } }).auth.signIn({
      email: 'tokens-owner@example.com',
      password: 'owner password 1',
    });
    const { token } = await callerFor(h.deps, { sessionSecret: jar.secret }).tokens.create({
      name: 'owned',
      role: 'editor',
    });
    await h.caller.users.update({ id: user.id, role: 'operator' });
    expect((await callerFor(h.deps, { bearerToken: token }).auth.status()).user?.role).toBe('operator');
    await h.caller.users.update({ id: user.id, disabled: true });
    await expectFailure(callerFor(h.deps, { bearerToken: token }).syncs.list(), { appCode: 'UNAUTHENTICATED' });
  });
});
