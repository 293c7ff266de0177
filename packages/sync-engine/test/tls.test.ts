import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSchemas, testConnection } from '../src/index.js';
import type { ConnectionConfig } from '../src/index.js';
import {
  makePki,
  startTlsMariadb,
  startTlsPostgres,
  type TestPki,
  type ThrowawayServer,
} from './support/throwaway-servers.js';

const CLEAR_PASSWORD = 'clear-over-tls-7d1';

let pki: TestPki;
let pgServer: ThrowawayServer;
let myServer: ThrowawayServer;

beforeAll(async () => {
  pki = await makePki();
  [pgServer, myServer] = await Promise.all([
    startTlsPostgres(pki, CLEAR_PASSWORD),
    startTlsMariadb(pki, CLEAR_PASSWORD),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([pgServer?.stop(), myServer?.stop()]);
  if (pki) await rm(pki.dir, { recursive: true, force: true });
});

const expectError = async (config: ConnectionConfig, code: string, message: RegExp) => {
  const error = await testConnection(config).catch((caught: unknown) => caught);
  expect(error).toMatchObject({ name: 'EngineError', code });
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain(CLEAR_PASSWORD);
};

describe.each(['postgres', 'mysql'] as const)('%s over TLS (throwaway server with its own CA)', (dialect) => {
  const base = (): ConnectionConfig =>
    dialect === 'postgres'
      ? {
          dialect,
          host: 'localhost',
          port: pgServer.port,
          database: 'postgres',
          user: 'postgres',
          connectTimeoutMs: 5000,
        }
      : {
          dialect,
          host: 'localhost',
          port: myServer.port,
          database: 'pc_tls_db',
          user: 'pc_tls',
          password: CLEAR_PASSWORD,
          connectTimeoutMs: 5000,
        };

  it('verify-full passes with the right CA', async () => {
    const result = await testConnection({ ...base(), tls: { mode: 'verify-full', caCert: pki.ca } });
    expect(result.serverVersion).toMatch(dialect === 'postgres' ? /PostgreSQL 15/ : /MariaDB/);
  });

  it('verify-full fails clearly with a wrong CA', async () => {
    await expectError(
      { ...base(), tls: { mode: 'verify-full', caCert: pki.wrongCa } },
      'TLS_FAILED',
      /TLS \(verify-full\) to localhost:\d+ failed: its certificate does not chain to the configured CA/,
    );
  });

  it('verify-ca passes with the right CA, whatever name the host is reached by', async () => {
    await expect(
      testConnection({ ...base(), host: '127.0.0.1', tls: { mode: 'verify-ca', caCert: pki.ca } }),
    ).resolves.toMatchObject({ serverVersion: expect.any(String) });
  });

  it('require encrypts without checking the certificate', async () => {
    await expect(testConnection({ ...base(), tls: { mode: 'require' } })).resolves.toMatchObject({
      serverVersion: expect.any(String),
    });
  });

  it('verify-full to an IP address checks that the certificate lists that IP', async () => {
    await expect(
      testConnection({ ...base(), host: '127.0.0.1', tls: { mode: 'verify-full', caCert: pki.ca } }),
    ).resolves.toMatchObject({ serverVersion: expect.any(String) });
  });

  it('verify-full checks the host name: a certificate for localhost and 127.0.0.1 does not fit 127.0.0.2', async () => {
    // 127.0.0.2 reaches the same server, but the certificate does not list it.
    await expectError(
      { ...base(), host: '127.0.0.2', tls: { mode: 'verify-full', caCert: pki.ca } },
      'TLS_FAILED',
      /its certificate does not name this host/,
    );
  });

  if (dialect === 'postgres') {
    it('a server asking for the cleartext password gets it over TLS, and is refused it without', async () => {
      const clear = { ...base(), user: 'pc_clear', password: CLEAR_PASSWORD };
      await expect(testConnection({ ...clear, tls: { mode: 'verify-full', caCert: pki.ca } })).resolves.toMatchObject({
        serverVersion: expect.stringMatching(/PostgreSQL/),
      });
      await expectError({ ...clear, tls: { mode: 'disable' } }, 'INSECURE_AUTH', /cleartext .*did not send it/);
    });

    it('discovery works over verify-full too', async () => {
      expect(await listSchemas({ ...base(), tls: { mode: 'verify-full', caCert: pki.ca } })).toContain('public');
    });
  } else {
    it('a TLS-only user is refused without TLS', async () => {
      await expectError({ ...base(), tls: { mode: 'disable' } }, 'AUTH_FAILED', /Authentication failed/);
    });
  }
});
