import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecretKey, SECRET_KEY_FILE } from './secret-key.js';

describe('loadOrCreateSecretKey', () => {
  it('generates a 32-byte key into the data directory with mode 0600, then reuses it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-store-key-'));
    const first = await loadOrCreateSecretKey({ dataDir });
    expect(first).toHaveLength(32);
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64').equals(first)).toBe(true);

    await chmod(file, 0o644);
    const second = await loadOrCreateSecretKey({ dataDir });
    expect(second.equals(first)).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('prefers a configured key and writes no file', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-store-key-'));
    const configured = randomBytes(32);
    const key = await loadOrCreateSecretKey({ dataDir, configuredKey: configured.toString('base64') });
    expect(key.equals(configured)).toBe(true);
    await expect(stat(path.join(dataDir, SECRET_KEY_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a configured key of the wrong length', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-store-key-'));
    await expect(loadOrCreateSecretKey({ dataDir, configuredKey: randomBytes(16).toString('base64') })).rejects.toThrow(
      /exactly 32 bytes \(got 16/,
    );
  });
});
