import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServerProcess } from '@pipecraft/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-server-main-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('main', () => {
  it('starts on a fresh data directory, serves, and stops cleanly on SIGTERM', async () => {
    const server = startServerProcess({ PIPECRAFT_DATA_DIR: dataDir, NODE_ENV: 'production' });
    const url = await server.listening(30_000);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    // First start created the store and the key, the key owner-only.
    expect((await stat(path.join(dataDir, 'pipecraft.sqlite'))).size).toBeGreaterThan(0);
    expect((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"Stopped"');
  });

  it('refuses to start with a bad environment, naming the keys', async () => {
    const server = startServerProcess({ PORT: 'not-a-port', LOG_LEVEL: 'chatty', PIPECRAFT_DATA_DIR: dataDir });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Invalid environment: .*PORT/);
    expect(server.output()).toMatch(/LOG_LEVEL/);
  });
});
