import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, uniqueName } from '@pipecraft/test-support';
import { connectionInput } from './support/databases.js';
import { createHarness, expectFailure, type Harness } from './support/harness.js';

let h: Harness;
let silent: Server;
const sockets: Socket[] = [];
let port: number;

beforeAll(async () => {
  h = await createHarness({ connectTimeoutMs: 1_000 });
  // Accepts TCP connections and never says a word: neither refused nor answered.
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await h?.close();
});

describe.each(TEST_DIALECTS)('a %s server that never answers', (dialect) => {
  it('makes connections.test report CONNECTION_TIMEOUT within the bound', async () => {
    const c = await h.caller.connections.create({ ...connectionInput(dialect, uniqueName('silent')), port });
    const started = Date.now();
    const result = await h.caller.connections.test({ id: c.id });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ ok: false, code: 'CONNECTION_TIMEOUT' });
    // 1 s configured; the backstop is 2 s later still.
    expect(elapsed).toBeLessThan(3_500);
    await expectFailure(h.caller.discovery.schemas({ connectionId: c.id }), {
      code: 'GATEWAY_TIMEOUT',
      appCode: 'CONNECTION_TIMEOUT',
    });
  });
});
