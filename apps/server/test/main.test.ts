import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { Connection, openStore } from '@pipecraft/store';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSX = path.resolve(SERVER_ROOT, '../../node_modules/.bin/tsx');

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-server-main-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts `tsx src/main.ts` like `npm start` does, with its own env. */
function startServer(env: Record<string, string>) {
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: SERVER_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('main', () => {
  it('starts on a fresh data directory, serves, and stops cleanly on SIGTERM', async () => {
    const server = startServer({ PORT: '0', PIPECRAFT_DATA_DIR: dataDir, NODE_ENV: 'production' });
    const deadline = Date.now() + 30_000;
    let port: string | undefined;
    while (!port && Date.now() < deadline) {
      port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output())?.[1];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(port, server.output()).toBeDefined();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    // First start created the store and the key, the key owner-only.
    expect((await stat(path.join(dataDir, 'pipecraft.sqlite'))).size).toBeGreaterThan(0);
    expect((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"Stopped"');
  });

  it('refuses to start with a bad environment, naming the keys', async () => {
    const server = startServer({ PORT: 'not-a-port', LOG_LEVEL: 'chatty', PIPECRAFT_DATA_DIR: dataDir });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Invalid environment: .*PORT/);
    expect(server.output()).toMatch(/LOG_LEVEL/);
  });

  it('refuses to start when the key is missing or wrong once secrets exist, saying so in one line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pc-server-main-key-'));
    const store = await openStore({ dataDir: dir });
    const em = store.em();
    em.create(Connection, {
      name: 'c',
      dialect: 'postgres',
      host: 'h',
      port: 5432,
      database: 'd',
      username: 'u',
      passwordEncrypted: store.secrets.encrypt('pw'),
    });
    await em.flush();
    await store.close();
    try {
      await unlink(path.join(dir, 'secret.key'));
      const missing = startServer({ PORT: '0', PIPECRAFT_DATA_DIR: dir });
      expect(await missing.exited).toBe(1);
      expect(missing.output()).toMatch(
        /PipeCraft could not start: The secret key file .*secret\.key is missing, but the store holds 1 encrypted secret/,
      );
      expect(missing.output()).not.toMatch(/ at .*\.ts:\d+/);
      await expect(stat(path.join(dir, 'secret.key'))).rejects.toThrow(/ENOENT/);

      await writeFile(path.join(dir, 'secret.key'), `${randomBytes(32).toString('base64')}\n`);
      const wrong = startServer({ PORT: '0', PIPECRAFT_DATA_DIR: dir });
      expect(await wrong.exited).toBe(1);
      expect(wrong.output()).toMatch(
        /PipeCraft could not start: The secret keys from .*cannot decrypt the secrets in the store/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
