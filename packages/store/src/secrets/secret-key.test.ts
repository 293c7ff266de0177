import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, keyIdOf } from './secret-box.js';
import { createKeyFile, keyFileReloader, prependKeyToFile, readKeyring, SECRET_KEY_FILE } from './secret-key.js';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'pc-store-key-'));

describe('key ring files', () => {
  it('creates a one-key ring with mode 0600, reads it back, and re-tightens loose permissions', async () => {
    const dataDir = await tempDir();
    expect(await readKeyring({ dataDir })).toBeNull();
    const [created] = await createKeyFile(dataDir);
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await expect(createKeyFile(dataDir)).rejects.toThrow(/EEXIST/);
    await chmod(file, 0o644);
    const ring = await readKeyring({ dataDir });
    expect(ring).toHaveLength(1);
    expect(ring![0]!.equals(created!)).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('reads a key file from before key ids (one base64 line) as a ring of one', async () => {
    const dataDir = await tempDir();
    const key = randomBytes(32);
    await writeFile(path.join(dataDir, SECRET_KEY_FILE), `${key.toString('base64')}\n`);
    expect((await readKeyring({ dataDir }))![0]!.equals(key)).toBe(true);
  });

  it('prepends a new key, keeping the old ones, and a reloader sees the change', async () => {
    const dataDir = await tempDir();
    const ring = await createKeyFile(dataDir);
    const reload = keyFileReloader(dataDir);
    expect(reload(false)).toBeNull();
    const next = await prependKeyToFile(dataDir, ring);
    expect(next).toHaveLength(2);
    expect(next[1]!.equals(ring[0]!)).toBe(true);
    const text = await readFile(path.join(dataDir, SECRET_KEY_FILE), 'utf8');
    expect(text).toContain(`# id ${keyIdOf(next[0]!)}`);
    expect((await stat(path.join(dataDir, SECRET_KEY_FILE))).mode & 0o777).toBe(0o600);
    // mtime resolution: force a visible change for the reloader.
    const later = new Date(Date.now() + 5_000);
    const { utimes } = await import('node:fs/promises');
    await utimes(path.join(dataDir, SECRET_KEY_FILE), later, later);
    expect(reload(false)?.map(keyIdOf)).toEqual(next.map(keyIdOf));
  });

  it('takes configured keys (comma-separated, current first) and writes no file', async () => {
    const dataDir = await tempDir();
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const ring = await readKeyring({ dataDir, configuredKey: `${a.toString('base64')},${b.toString('base64')}` });
    expect(ring!.map(keyIdOf)).toEqual([keyIdOf(a), keyIdOf(b)]);
    await expect(stat(path.join(dataDir, SECRET_KEY_FILE))).rejects.toThrow(/ENOENT/);
    expect(createSecretBox(ring!).currentKeyId).toBe(keyIdOf(a));
  });

  it('refuses a key of the wrong length, naming where it came from', async () => {
    const dataDir = await tempDir();
    await expect(readKeyring({ dataDir, configuredKey: randomBytes(16).toString('base64') })).rejects.toThrow(
      /PIPECRAFT_SECRET_KEY: key 1 must be base64 of exactly 32 bytes \(got 16/,
    );
  });
});
