import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listColumns, listTables, testConnection } from '../src/index.js';
import type { ConnectionConfig } from '../src/index.js';
import { adminQuery } from '@pipecraft/test-support';
import { MY, PG } from './support/databases.js';

/** A local server that accepts connections and never says a word: the only safe way to test a timeout. */
let silent: net.Server;
let silentPort = 0;
const sockets = new Set<net.Socket>();
const PASSWORD = 'S3cret-pc-password';
const mysqlUser = `pc_auth_${process.pid}`;

beforeAll(async () => {
  silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
  await adminQuery('mysql', `CREATE USER IF NOT EXISTS '${mysqlUser}'@'%' IDENTIFIED BY '${PASSWORD}'`);
  await adminQuery('mysql', `CREATE USER IF NOT EXISTS '${mysqlUser}'@'localhost' IDENTIFIED BY '${PASSWORD}'`);
  await adminQuery('mysql', `GRANT SELECT ON test.* TO '${mysqlUser}'@'%'`);
  await adminQuery('mysql', `GRANT SELECT ON test.* TO '${mysqlUser}'@'localhost'`);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await adminQuery('mysql', `DROP USER IF EXISTS '${mysqlUser}'@'%'`);
  await adminQuery('mysql', `DROP USER IF EXISTS '${mysqlUser}'@'localhost'`);
});

/** A closed local port (we bind one, note its number, and close it). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each([
  ['postgres', PG],
  ['mysql', MY],
] as const)('%s connection errors', (dialect, base) => {
  const expectFailure = async (config: ConnectionConfig, code: string, message: RegExp) => {
    const error = await testConnection(config).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code, name: 'EngineError' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(PASSWORD);
  };

  it('CONNECTION_REFUSED names host:port', async () => {
    const port = await closedPort();
    await expectFailure(
      { ...base, port, password: PASSWORD },
      'CONNECTION_REFUSED',
      new RegExp(`Connection refused by 127\\.0\\.0\\.1:${port} — is the server running`),
    );
  });

  it('CONNECTION_TIMEOUT within connectTimeoutMs against a server that never answers', async () => {
    const started = Date.now();
    await expectFailure(
      { ...base, port: silentPort, password: PASSWORD, connectTimeoutMs: 700 },
      'CONNECTION_TIMEOUT',
      /within 700 ms/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('HOST_NOT_FOUND for a name that does not resolve', async () => {
    await expectFailure(
      { ...base, host: 'pipecraft-no-such-host.invalid', password: PASSWORD, connectTimeoutMs: 5000 },
      'HOST_NOT_FOUND',
      /could not be resolved/,
    );
  });

  it('DATABASE_NOT_FOUND', async () => {
    await expectFailure(
      { ...base, database: 'pc_no_such_db', password: dialect === 'mysql' ? '' : PASSWORD },
      'DATABASE_NOT_FOUND',
      /"pc_no_such_db" does not exist/,
    );
  });

  it('AUTH_FAILED without echoing the password', async () => {
    // PostgreSQL here trusts every local user, so only an unknown role is refused; MariaDB checks the password.
    const config =
      dialect === 'postgres'
        ? { ...base, user: 'pc_no_such_role', password: PASSWORD }
        : { ...base, user: mysqlUser, password: `${PASSWORD}-wrong` };
    await expectFailure(config, 'AUTH_FAILED', /Authentication failed for user/);
  });

  it('succeeds for the real user and reports the version', async () => {
    const result = await testConnection(dialect === 'mysql' ? { ...base, user: mysqlUser, password: PASSWORD } : base);
    expect(result.serverVersion).toMatch(dialect === 'postgres' ? /^PostgreSQL 15/ : /MariaDB/);
  });

  it('SCHEMA_NOT_FOUND / TABLE_NOT_FOUND in discovery', async () => {
    await expect(listTables(base, 'pc_no_such_schema')).rejects.toMatchObject({ code: 'SCHEMA_NOT_FOUND' });
    await expect(listColumns(base, { schema: 'pc_no_such_schema', table: 'x' })).rejects.toMatchObject({
      code: 'TABLE_NOT_FOUND',
    });
  });
});
