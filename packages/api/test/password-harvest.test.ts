import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@pipecraft/test-support';
import { connectionInput } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, type Harness } from './support/harness.js';

/**
 * The probe's finding 1, replayed: save a connection with a password, point it at a server you
 * control, press "test". The attacker's server asks for the password in cleartext and records
 * every byte it gets.
 */
const STORED = `stored-${uniqueName('pw')}`;
let h: Harness;
let attacker: net.Server;
let attackerPort = 0;
const received: Buffer[] = [];

beforeAll(async () => {
  h = await createHarness();
  attacker = net.createServer((socket) => {
    socket.on('error', () => undefined);
    let started = false;
    socket.on('data', (chunk) => {
      received.push(chunk);
      if (started) return;
      if (chunk.length >= 8 && chunk.readInt32BE(4) === 80877103) {
        socket.write('N'); // no TLS here
        return;
      }
      started = true;
      const request = Buffer.alloc(9);
      request.write('R', 0);
      request.writeInt32BE(8, 1);
      request.writeInt32BE(3, 5); // AuthenticationCleartextPassword
      socket.write(request);
    });
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerPort = (attacker.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
  await h?.close();
});

describe('a stored password cannot be harvested by re-pointing a connection', () => {
  it('the edit without the password is refused; with a password, the test refuses cleartext auth', async () => {
    const c = await h.caller.connections.create({
      ...connectionInput('postgres', uniqueName('victim')),
      password: STORED,
    });

    const refused = await expectFailure(
      h.caller.connections.update({ id: c.id, host: '127.0.0.1', port: attackerPort }),
      { appCode: 'VALIDATION_FAILED' },
    );
    expect(fieldErrorsOf(refused)).toEqual({
      password: ['Enter the password again: the connection now points at a different server.'],
    });

    // Whoever knows a password may point it anywhere; even then cleartext auth over plain TCP is refused.
    await h.caller.connections.update({ id: c.id, port: attackerPort, password: 'typed-again' });
    const outcome = await h.caller.connections.test({ id: c.id });
    expect(outcome).toMatchObject({ ok: false, code: 'INSECURE_AUTH' });
    const bytes = Buffer.concat(received);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(STORED))).toBe(false);
    expect(bytes.includes(Buffer.from('typed-again'))).toBe(false);
    await h.caller.connections.delete({ id: c.id });
  });
});
