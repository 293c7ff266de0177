import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, openStore, Sync, SyncRun } from '@pipecraft/store';
import { startServerProcess } from '@pipecraft/test-support';
import superjson from 'superjson';
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
      const missing = startServerProcess({ PIPECRAFT_DATA_DIR: dir });
      expect(await missing.exited).toBe(1);
      expect(missing.output()).toMatch(
        /PipeCraft could not start: The secret key file .*secret\.key is missing, but the store holds 1 encrypted secret/,
      );
      expect(missing.output()).not.toMatch(/ at .*\.ts:\d+/);
      await expect(stat(path.join(dir, 'secret.key'))).rejects.toThrow(/ENOENT/);

      await writeFile(path.join(dir, 'secret.key'), `${randomBytes(32).toString('base64')}\n`);
      const wrong = startServerProcess({ PIPECRAFT_DATA_DIR: dir });
      expect(await wrong.exited).toBe(1);
      expect(wrong.output()).toMatch(
        /PipeCraft could not start: The secret keys from .*cannot decrypt the secrets in the store/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('marks a run a crash left `running` as failed before it serves (orphan recovery at start)', async () => {
    // A store as a killed server leaves it: one run still `running`, no process behind it.
    const orphanDir = await mkdtemp(path.join(tmpdir(), 'pc-server-orphan-'));
    try {
      const store = await openStore({ dataDir: orphanDir });
      const em = store.em();
      const connection = em.create(Connection, {
        name: 'db',
        dialect: 'postgres',
        host: '127.0.0.1',
        port: 5432,
        database: 'test',
        username: 'postgres',
      });
      const sync = em.create(Sync, {
        name: 'copy',
        sourceConnection: connection,
        sourceSchema: 'public',
        sourceTable: 'a',
        destinationConnection: connection,
        destinationSchema: 'public',
        destinationTable: 'b',
      });
      const orphan = em.create(SyncRun, { sync, status: 'running', rowsCopied: 7, startedAt: new Date() });
      await em.flush();
      await store.close();

      const server = startServerProcess({ PIPECRAFT_DATA_DIR: orphanDir, NODE_ENV: 'production' });
      try {
        const url = await server.listening(30_000);
        // Asked over HTTP as soon as it listens (after the one-time setup every fresh store needs):
        // recovery ran before listen, not at shutdown.
        const setup = await fetch(`${url}/trpc/auth.setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            superjson.serialize({
              email: 'admin@example.com',
              name: 'Admin',
              password: 'correct horse battery staple',
            }),
          ),
        });
        expect(setup.status).toBe(200);
        const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
        const input = encodeURIComponent(JSON.stringify(superjson.serialize({ id: orphan.id })));
        const response = await fetch(`${url}/trpc/runs.get?input=${input}`, { headers: { cookie } });
        const body = (await response.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
        const run = superjson.deserialize<Record<string, unknown>>(body.result.data);
        expect(run).toMatchObject({
          id: orphan.id,
          status: 'failed',
          // Counted while it ran, landed nowhere: 0 written, 7 read (issue 12).
          rowsCopied: 0,
          rowsRead: 7,
          error: {
            code: 'INTERRUPTED',
            // Recovery reads the destination (issue 9): the message says what it found there.
            message: expect.stringMatching(
              /^PipeCraft stopped while this run was active; checked at the next start, .* kept its previous rows/,
            ),
          },
        });
        expect(run.finishedAt).toBeInstanceOf(Date);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    } finally {
      await rm(orphanDir, { recursive: true, force: true });
    }
  });
});
