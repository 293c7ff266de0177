import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { createApiDeps } from '../src/index.js';
import { targetProblem } from '../src/services/connection-targets.js';
import { uniqueName } from '@pipecraft/test-support';
import { connectionInput } from './support/databases.js';
import { callerFor, createHarness, expectFailure, fieldErrorsOf, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

function callerWith(hostPatterns: string[], allowUnixSockets = false) {
  const deps = createApiDeps({
    store: h.store,
    logger: createLogger({ level: 'error', write: () => undefined }),
    runner: h.runner,
    connectionTargets: { hostPatterns, allowUnixSockets },
  });
  return callerFor(deps, h.admin);
}

describe('connection targets', () => {
  it.each([
    ['db.internal', ['*.internal'], false, true],
    ['a.b.internal', ['*.internal'], false, true],
    ['internal.evil.com', ['*.internal'], false, false],
    ['10.0.0.7', ['10.0.0.*'], false, true],
    ['10.0.1.7', ['10.0.0.*'], false, false],
    ['anything', [], false, true],
    ['/var/run/postgresql', [], false, false],
    ['/var/run/postgresql', [], true, true],
  ])('%s with %j (sockets %s) allowed: %s', (host, patterns, sockets, allowed) => {
    expect(targetProblem(host, { hostPatterns: patterns, allowUnixSockets: sockets }) === null).toBe(allowed);
  });

  it('refuses a Unix socket host by default, with a field error, on create and update', async () => {
    const error = await expectFailure(
      h.caller.connections.create({ ...connectionInput('postgres', uniqueName('sock')), host: '/var/run/postgresql' }),
      { code: 'FORBIDDEN', appCode: 'TARGET_NOT_ALLOWED' },
    );
    expect(fieldErrorsOf(error)?.host?.[0]).toMatch(/Unix sockets are not allowed/);
    const ok = await h.caller.connections.create(connectionInput('postgres', uniqueName('ok')));
    await expectFailure(h.caller.connections.update({ id: ok.id, host: '/tmp' }), { appCode: 'TARGET_NOT_ALLOWED' });
    await h.caller.connections.delete({ id: ok.id });
  });

  it('with an allowlist, refuses other hosts and tests of stored connections outside it', async () => {
    const stored = await h.caller.connections.create(connectionInput('postgres', uniqueName('stored')));
    const limited = callerWith(['*.db.internal']);
    const error = await expectFailure(
      limited.connections.create({ ...connectionInput('postgres', uniqueName('out')), host: '169.254.169.254' }),
      { appCode: 'TARGET_NOT_ALLOWED' },
    );
    expect(fieldErrorsOf(error)?.host?.[0]).toMatch(/only connects to hosts matching \*\.db\.internal/);
    // A connection saved before the allowlist: its test is refused without connecting.
    expect(await limited.connections.test({ id: stored.id })).toMatchObject({ ok: false, code: 'TARGET_NOT_ALLOWED' });
    await expectFailure(limited.discovery.schemas({ connectionId: stored.id }), { appCode: 'TARGET_NOT_ALLOWED' });
    await expectFailure(
      limited.syncs.preview({
        sourceConnectionId: stored.id,
        sourceSchema: 'public',
        sourceTable: 'a',
        destinationConnectionId: stored.id,
        destinationSchema: 'public',
        destinationTable: 'b',
      }),
      { appCode: 'TARGET_NOT_ALLOWED' },
    );
    await h.caller.connections.delete({ id: stored.id });
  });
});

describe('TLS and SSH settings', () => {
  const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const FINGERPRINT = `SHA256:${'A'.repeat(43)}`;

  it('stores TLS files and SSH credentials sealed, shows only whether they are set', async () => {
    const c = await h.caller.connections.create({
      ...connectionInput('postgres', uniqueName('tls')),
      password: 'pw',
      tlsMode: 'verify-full',
      tlsCaCert: CA,
      ssh: { host: 'bastion.example', port: 22, user: 'tunnel', hostKeyFingerprint: FINGERPRINT, password: 'sshpw' },
    });
    expect(c).toMatchObject({
      tlsMode: 'verify-full',
      hasTlsCaCert: true,
      hasTlsClientCert: false,
      ssh: { host: 'bastion.example', user: 'tunnel', hasPassword: true, hasPrivateKey: false },
    });
    expect(JSON.stringify(c)).not.toContain('sshpw');
    const { Connection } = await import('@pipecraft/store');
    const row = await h.store.em().findOneOrFail(Connection, c.id);
    expect(row.tlsCaCertEncrypted).toMatch(/^v2:/);
    expect(h.store.secrets.decrypt(row.sshPasswordEncrypted!)).toBe('sshpw');

    // Weakening TLS or changing the bastion needs the password again.
    for (const change of [
      { tlsMode: 'disable' as const },
      { ssh: { host: 'other-bastion', port: 22, user: 'tunnel', hostKeyFingerprint: FINGERPRINT, password: 'x' } },
      { ssh: null },
    ]) {
      const error = await expectFailure(h.caller.connections.update({ id: c.id, ...change }), {
        appCode: 'VALIDATION_FAILED',
      });
      expect(fieldErrorsOf(error)).toHaveProperty('password');
    }
    // Same bastion, credentials omitted: kept.
    const same = await h.caller.connections.update({
      id: c.id,
      ssh: { host: 'bastion.example', port: 22, user: 'tunnel', hostKeyFingerprint: FINGERPRINT },
    });
    expect(same.ssh?.hasPassword).toBe(true);
    // Another bastion with the password again: its credentials are required too.
    const error = await expectFailure(
      h.caller.connections.update({
        id: c.id,
        password: 'pw',
        ssh: { host: 'new-bastion', port: 22, user: 'tunnel', hostKeyFingerprint: FINGERPRINT },
      }),
      { appCode: 'VALIDATION_FAILED' },
    );
    expect(fieldErrorsOf(error)?.['ssh.privateKey']?.[0]).toMatch(/different bastion/);
    await h.caller.connections.delete({ id: c.id });
  });

  it('requires a CA for verify modes and a key with a client certificate', async () => {
    const error = await expectFailure(
      h.caller.connections.create({ ...connectionInput('mysql', uniqueName('tls')), tlsMode: 'verify-ca' }),
      { appCode: 'VALIDATION_FAILED' },
    );
    expect(fieldErrorsOf(error)).toHaveProperty('tlsCaCert');
    const noKey = await expectFailure(
      h.caller.connections.create({
        ...connectionInput('mysql', uniqueName('tls')),
        tlsMode: 'require',
        tlsClientCert: CA,
      }),
      { appCode: 'VALIDATION_FAILED' },
    );
    expect(fieldErrorsOf(noKey)).toHaveProperty('tlsClientKey');
  });
});
