import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { keyIdOf, type Keyring } from './secret-box.js';

/** File name of the key ring inside the data directory. */
export const SECRET_KEY_FILE = 'secret.key';

export interface SecretKeyOptions {
  /** Where `secret.key` lives. */
  dataDir: string;
  /**
   * Configured keys: base64 of 32 bytes each, comma-separated, the current (sealing) key first.
   * When set, no file is read or written.
   */
  configuredKey?: string | null;
}

/** Why the keys cannot be used; the message names the problem and the way out. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

export function secretKeyFile(dataDir: string): string {
  return path.join(dataDir, SECRET_KEY_FILE);
}

/**
 * The key ring: the configured keys, else `<dataDir>/secret.key` — one base64 key per line, the
 * current key first (a one-line file from before key ids is a ring of one). `null` when there is
 * no file: the caller decides whether creating one is safe (only while no secret is stored).
 */
export async function readKeyring(options: SecretKeyOptions): Promise<Keyring | null> {
  if (options.configuredKey) return parseKeys(options.configuredKey.split(','), 'PIPECRAFT_SECRET_KEY');
  const file = secretKeyFile(options.dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // Tighten a key file that was copied around with looser permissions.
  await chmod(file, 0o600);
  return parseKeyFile(text, file);
}

/** A fresh ring of one key in `<dataDir>/secret.key` (mode 0600); fails if the file appeared meanwhile. */
export async function createKeyFile(dataDir: string): Promise<Keyring> {
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile, rather than overwriting its key.
  await writeFile(secretKeyFile(dataDir), `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(secretKeyFile(dataDir), 0o600);
  return [key];
}

/**
 * Puts a new key at the head of the ring in `secret.key`, keeping every old key (values sealed
 * under them stay readable). Written to a temporary file and renamed, so a reader never sees half a file.
 */
export async function prependKeyToFile(dataDir: string, ring: Keyring): Promise<Keyring> {
  const next = [randomBytes(32), ...ring];
  await writeKeyFile(dataDir, next);
  return next;
}

/** Replaces the ring in `secret.key` (used to drop keys no stored value needs any more). */
async function writeKeyFile(dataDir: string, ring: Keyring): Promise<void> {
  const file = secretKeyFile(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  const lines = ring.map((key, i) => `${key.toString('base64')}${i === 0 ? '  # current' : ''}  # id ${keyIdOf(key)}`);
  await writeFile(temp, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'w' });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

/**
 * A reload function for `createSecretBox`: re-reads `secret.key` when its modification time
 * changed since the last look (or when forced), so a server follows `keys rotate` without a restart.
 */
export function keyFileReloader(dataDir: string): (force: boolean) => Keyring | null {
  const file = secretKeyFile(dataDir);
  let seen = mtimeOf(file);
  return (force) => {
    const now = mtimeOf(file);
    if (now === seen && !force) return null;
    seen = now;
    try {
      return parseKeyFile(readFileSync(file, 'utf8'), file);
    } catch {
      // A broken file mid-edit: keep the keys we have.
      return null;
    }
  };
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function parseKeyFile(text: string, file: string): Keyring {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
  if (lines.length === 0) throw new SecretKeyError(`The secret key file ${file} holds no key.`);
  return parseKeys(lines, `The secret key file ${file}`);
}

function parseKeys(values: string[], what: string): Keyring {
  return values.map((value, i) => {
    const key = Buffer.from(value.trim(), 'base64');
    if (key.length !== 32) {
      throw new SecretKeyError(`${what}: key ${i + 1} must be base64 of exactly 32 bytes (got ${key.length} bytes).`);
    }
    return key;
  });
}
