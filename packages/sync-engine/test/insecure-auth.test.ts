import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../src/index.js';
import type { ConnectionConfig } from '../src/index.js';

const PASSWORD = 'harvest-me-9f3';

/**
 * A server that speaks just enough of each protocol to ask for the password in cleartext — what an
 * attacker's server does after someone points a saved connection at it — and records every byte.
 */
interface FakeServer {
  port: number;
  received: () => Buffer;
  close: () => Promise<void>;
}

async function listen(onSocket: (socket: net.Socket, record: (chunk: Buffer) => void) => void): Promise<FakeServer> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket, (chunk) => chunks.push(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => Buffer.concat(chunks),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** PostgreSQL: answer SSLRequest with 'N', the startup message with AuthenticationCleartextPassword. */
function fakePostgres(): Promise<FakeServer> {
  return listen((socket, record) => {
    let startupSeen = false;
    socket.on('data', (chunk) => {
      record(chunk);
      if (startupSeen) return;
      const code = chunk.length >= 8 ? chunk.readInt32BE(4) : 0;
      if (code === 80877103) {
        socket.write('N');
        return;
      }
      startupSeen = true;
      const request = Buffer.alloc(9);
      request.write('R', 0);
      request.writeInt32BE(8, 1);
      request.writeInt32BE(3, 5); // AuthenticationCleartextPassword
      socket.write(request);
    });
  });
}

/** MySQL: a handshake, then an AuthSwitchRequest to mysql_clear_password. */
function fakeMysql(): Promise<FakeServer> {
  return listen((socket, record) => {
    let step = 0;
    const packet = (sequence: number, payload: Buffer) => {
      const header = Buffer.alloc(4);
      header.writeUIntLE(payload.length, 0, 3);
      header[3] = sequence;
      return Buffer.concat([header, payload]);
    };
    const salt = Buffer.from('abcdefghijklmnopqrst');
    const capabilities = 0x0000_0200 | 0x0000_8000 | 0x0008_0000 | 0x0000_0008 | 0x0000_0001; // 41, secure conn, plugin auth, connect with db, long password
    const handshake = Buffer.concat([
      Buffer.from([10]),
      Buffer.from('8.0.0-fake\0'),
      Buffer.from([1, 0, 0, 0]),
      salt.subarray(0, 8),
      Buffer.from([0]),
      Buffer.from([capabilities & 0xff, (capabilities >> 8) & 0xff]),
      Buffer.from([33]),
      Buffer.from([2, 0]),
      Buffer.from([(capabilities >> 16) & 0xff, (capabilities >> 24) & 0xff]),
      Buffer.from([21]),
      Buffer.alloc(10),
      salt.subarray(8),
      Buffer.from([0]),
      Buffer.from('mysql_native_password\0'),
    ]);
    socket.write(packet(0, handshake));
    socket.on('data', (chunk) => {
      record(chunk);
      if (step++ === 0) {
        socket.write(packet(2, Buffer.concat([Buffer.from([0xfe]), Buffer.from('mysql_clear_password\0')])));
      }
    });
  });
}

describe.each([
  ['postgres', fakePostgres],
  ['mysql', fakeMysql],
] as const)('%s: a server asking for the cleartext password', (dialect, start) => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server.close());

  it('never receives the password over plain TCP, and the test says why', async () => {
    const config: ConnectionConfig = {
      dialect,
      host: '127.0.0.1',
      port: server.port,
      database: 'postgres',
      user: 'victim',
      password: PASSWORD,
      connectTimeoutMs: 3000,
    };
    const error = await testConnection(config).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'EngineError', code: 'INSECURE_AUTH' });
    expect((error as Error).message).toMatch(/cleartext .*did not send it/);
    // The startup/handshake reached the server; the password did not.
    expect(server.received().length).toBeGreaterThan(0);
    expect(server.received().includes(Buffer.from(PASSWORD))).toBe(false);
  });
});
