import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** File name of the generated key inside the data directory. */
export const SECRET_KEY_FILE = 'secret.key';

export interface SecretKeyOptions {
  /** Where `secret.key` lives (created when missing). */
  dataDir: string;
  /** A configured key (base64 of 32 bytes); when set, no file is read or written. */
  configuredKey?: string | null;
}

/**
 * The key that encrypts connection passwords: the configured one, else `<dataDir>/secret.key`,
 * generated on first start with owner-only permissions (0600).
 */
export async function loadOrCreateSecretKey(options: SecretKeyOptions): Promise<Buffer> {
  if (options.configuredKey) {
    return decodeKey(options.configuredKey, 'The configured secret key');
  }
  const file = path.join(options.dataDir, SECRET_KEY_FILE);
  try {
    const key = decodeKey((await readFile(file, 'utf8')).trim(), `The secret key in ${file}`);
    // Tighten a key file that was copied around with looser permissions.
    await chmod(file, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile, rather than overwriting its key.
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return key;
}

function decodeKey(base64: string, what: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) {
    throw new Error(`${what} must be base64 of exactly 32 bytes (got ${key.length} bytes).`);
  }
  return key;
}
