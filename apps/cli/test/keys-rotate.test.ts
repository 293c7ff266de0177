import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Connection, openStore } from '@pipecraft/store';
import { runCli } from '../src/program.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function cli(argv: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const io = { out: (text: string) => (out += text), err: (text: string) => (err += text), isTTY: false };
  const code = await runCli(argv, env, io);
  return { code, out, err };
}

describe('pipecraft keys rotate', () => {
  it('re-encrypts every secret under a new key; the store still opens them', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-cli-rotate-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    const em = store.em();
    const c = em.create(Connection, {
      name: 'c',
      dialect: 'postgres',
      host: 'h',
      port: 5432,
      database: 'd',
      username: 'u',
      passwordEncrypted: store.secrets.encrypt('pw'),
    });
    await em.flush();
    const before = store.secrets.currentKeyId;
    await store.close();

    const result = await cli(['keys', 'rotate'], { PIPECRAFT_DATA_DIR: dataDir });
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      new RegExp(`Re-encrypted 1 secret under key [0-9a-f]{8}\\. Key ring: [0-9a-f]{8}, ${before}`),
    );

    const reopened = await openStore({ dataDir });
    const row = await reopened.em().findOneOrFail(Connection, c.id);
    expect(reopened.secrets.keyIdOfSealed(row.passwordEncrypted!)).not.toBe(before);
    expect(reopened.secrets.decrypt(row.passwordEncrypted!)).toBe('pw');
    await reopened.close();
  });

  it('explains a bad environment in one line', async () => {
    const result = await cli(['keys', 'rotate'], { PIPECRAFT_SECRET_KEY: 'short' });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^pipecraft: .*PIPECRAFT_SECRET_KEY/);
    expect(result.err.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown command with a usage error', async () => {
    const result = await cli(['keys', 'nope'], {});
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/unknown command|error/i);
  });
});
