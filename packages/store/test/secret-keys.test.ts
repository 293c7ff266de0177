import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Connection,
  keyIdOf,
  openStore,
  rotateSecretKey,
  SECRET_KEY_FILE,
  SQLITE_FILE,
  Webhook,
} from '../src/index.js';
import type { Store } from '../src/index.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function freshStore(secretKey?: string): Promise<{ dataDir: string; store: Store }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-store-keys-'));
  dirs.push(dataDir);
  const store = await openStore({ dataDir, secretKey: secretKey ?? null });
  stores.push(store);
  return { dataDir, store };
}

async function savePassword(store: Store, name: string, password: string): Promise<string> {
  const em = store.em();
  const connection = em.create(Connection, {
    name,
    dialect: 'postgres',
    host: 'h',
    port: 5432,
    database: 'd',
    username: 'u',
    passwordEncrypted: store.secrets.encrypt(password),
    sshPasswordEncrypted: store.secrets.encrypt(`${password}-ssh`),
  });
  await em.flush();
  return connection.id;
}

async function reopen(dataDir: string, secretKey?: string): Promise<Store> {
  const store = await openStore({ dataDir, secretKey: secretKey ?? null });
  stores.push(store);
  return store;
}

async function closeAll(): Promise<void> {
  await Promise.all(stores.splice(0).map((store) => store.close()));
}

describe('secret keys at start', () => {
  it('generates a key only while no secret is stored; a missing key with secrets is a clear error', async () => {
    const { dataDir, store } = await freshStore();
    await closeAll();
    // No secret yet: losing the key is harmless, a new one is made.
    await rm(path.join(dataDir, SECRET_KEY_FILE));
    const again = await reopen(dataDir);
    await savePassword(again, 'c', 'pw');
    await closeAll();
    await rename(path.join(dataDir, SECRET_KEY_FILE), path.join(dataDir, 'moved.key'));
    await expect(reopen(dataDir)).rejects.toThrow(
      /secret key file .*secret\.key is missing, but the store holds 2 encrypted secrets .*Restore the key file/,
    );
    // Nothing was generated in its place.
    await expect(readFile(path.join(dataDir, SECRET_KEY_FILE))).rejects.toThrow(/ENOENT/);
    expect(store).toBeDefined();
  });

  it('refuses a wrong key file, naming the key id the secrets need', async () => {
    const { dataDir, store } = await freshStore();
    await savePassword(store, 'c', 'pw');
    const neededId = store.secrets.currentKeyId;
    await closeAll();
    await writeFile(path.join(dataDir, SECRET_KEY_FILE), `${randomBytes(32).toString('base64')}\n`);
    await expect(reopen(dataDir)).rejects.toThrow(
      new RegExp(`cannot decrypt .*sealed with key id ${neededId}.*wrong key`),
    );
  });

  it('refuses a wrong PIPECRAFT_SECRET_KEY the same way', async () => {
    const { dataDir, store } = await freshStore(randomBytes(32).toString('base64'));
    await savePassword(store, 'c', 'pw');
    await closeAll();
    await expect(reopen(dataDir, randomBytes(32).toString('base64'))).rejects.toThrow(
      /secret keys from PIPECRAFT_SECRET_KEY .*cannot decrypt/,
    );
  });
});

describe('keys rotate', () => {
  it('re-seals every secret under a new key while a running server keeps reading and writing', async () => {
    const { dataDir, store: running } = await freshStore();
    const id = await savePassword(running, 'c', 'before');
    const oldId = running.secrets.currentKeyId;

    const rotation = await rotateSecretKey({ dataDir });
    expect(rotation.resealed).toBe(2);
    expect(rotation.currentKeyId).not.toBe(oldId);
    expect(rotation.keyIds).toEqual([rotation.currentKeyId, oldId]);

    // The server started before the rotation reads the re-sealed values (it reloads the ring)…
    const row = await running.em().findOneOrFail(Connection, id);
    expect(row.passwordEncrypted!.split(':').slice(0, 2)).toEqual(['v2', rotation.currentKeyId]);
    expect(running.secrets.decrypt(row.passwordEncrypted!)).toBe('before');
    expect(running.secrets.decrypt(row.sshPasswordEncrypted!)).toBe('before-ssh');
    // …and seals new values under the new key.
    expect(running.secrets.keyIdOfSealed(running.secrets.encrypt('new'))).toBe(rotation.currentKeyId);

    // The SQLite file holds no plain text, and a restart opens everything.
    await closeAll();
    expect((await readFile(path.join(dataDir, SQLITE_FILE))).includes(Buffer.from('before'))).toBe(false);
    const restarted = await reopen(dataDir);
    expect(restarted.secrets.currentKeyId).toBe(rotation.currentKeyId);
    const again = await restarted.em().findOneOrFail(Connection, id);
    expect(restarted.secrets.decrypt(again.passwordEncrypted!)).toBe('before');

    // A second rotation re-seals again; nothing under an old key remains.
    const second = await rotateSecretKey({ dataDir });
    expect(second.resealed).toBe(2);
    expect(second.keyIds).toHaveLength(3);
    expect(keyIdOf(Buffer.alloc(32))).toMatch(/^[0-9a-f]{8}$/);
  });

  it("re-seals webhook signing secrets too, and a wrong key is refused by a webhook's secret alone", async () => {
    const { dataDir, store } = await freshStore();
    const em = store.em();
    const webhook = em.create(Webhook, {
      name: 'w',
      url: 'https://example.com/w',
      events: 'failure',
      secretSealed: store.secrets.encrypt('pcw_signing'),
    });
    await em.flush();
    const rotation = await rotateSecretKey({ dataDir });
    expect(rotation.resealed).toBe(1);
    const row = await store.em().findOneOrFail(Webhook, webhook.id);
    expect(store.secrets.keyIdOfSealed(row.secretSealed)).toBe(rotation.currentKeyId);
    expect(store.secrets.decrypt(row.secretSealed)).toBe('pcw_signing');

    await closeAll();
    await expect(openStore({ dataDir, secretKey: randomBytes(32).toString('base64') })).rejects.toThrow(
      /cannot decrypt the secrets in the store/,
    );
  });

  it('with PIPECRAFT_SECRET_KEY, re-seals under the first configured key and keeps older ones readable', async () => {
    const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const { dataDir, store } = await freshStore(oldKey);
    const id = await savePassword(store, 'c', 'env-pw');
    await closeAll();
    const rotation = await rotateSecretKey({ dataDir, secretKey: `${newKey},${oldKey}` });
    expect(rotation.resealed).toBe(2);
    const reopened = await reopen(dataDir, newKey);
    const row = await reopened.em().findOneOrFail(Connection, id);
    expect(reopened.secrets.decrypt(row.passwordEncrypted!)).toBe('env-pw');
  });
});
