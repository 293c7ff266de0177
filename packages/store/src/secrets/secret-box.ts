import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
/** 96-bit IVs are what GCM is specified for; a fresh one per value. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Before key ids: `v1:<iv>:<tag>:<ciphertext>`, still read (by trying each key of the ring). */
const LEGACY_PREFIX = 'v1';
/** `v2:<kid>:<iv>:<tag>:<ciphertext>`: the key id says which key of the ring opens it. */
const PREFIX = 'v2';

/**
 * The keys secrets are sealed with, newest first: `keys[0]` seals, every key opens. A key's id is
 * derived from the key (`keyIdOf`), so an id can never point at the wrong key.
 */
export type Keyring = readonly Buffer[];

/** Encrypts secrets (connection passwords, TLS keys, SSH credentials) before they reach the store, and back. */
export interface SecretBox {
  /** `v2:<kid>:<iv>:<tag>:<ciphertext>` (base64 parts) under the current key; a new random IV on every call. */
  encrypt(plainText: string): string;
  /** Throws `SecretDecryptionError` when the value was tampered with or its key is not in the ring. */
  decrypt(sealed: string): string;
  /** The id of the key `encrypt` uses now. */
  readonly currentKeyId: string;
  /** Every key id of the ring, current first. */
  readonly keyIds: readonly string[];
  /** The key id a sealed value names; `null` for a `v1` value (which names none). */
  keyIdOfSealed(sealed: string): string | null;
}

export class SecretDecryptionError extends Error {
  constructor(detail = 'it was damaged or written with another secret key') {
    super(`A stored secret could not be decrypted: ${detail}.`);
    this.name = 'SecretDecryptionError';
  }
}

/** A key's public id: the first 8 hex digits of its SHA-256 (identifies, reveals nothing usable). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export interface SecretBoxOptions {
  /**
   * Called before each `encrypt` (`force` false: reload only if the source changed) and when a
   * value names a key id the ring lacks (`force` true: another process rotated the keys); returns
   * the ring as it is now, or `null` when unchanged. This is how a
   * running server follows `keys rotate` without a restart.
   */
  reload?: (force: boolean) => Keyring | null;
}

/** A SecretBox for a ring of 32-byte AES-256 keys (or one key). */
export function createSecretBox(keys: Keyring | Buffer, options: SecretBoxOptions = {}): SecretBox {
  let ring = toRing(Buffer.isBuffer(keys) ? [keys] : keys);
  const refresh = (force: boolean) => {
    const next = options.reload?.(force);
    if (next) ring = toRing(next);
  };
  return {
    get currentKeyId() {
      return ring[0]!.id;
    },
    get keyIds() {
      return ring.map((entry) => entry.id);
    },
    keyIdOfSealed(sealed) {
      const [prefix, kid] = sealed.split(':');
      return prefix === PREFIX && kid ? kid : null;
    },
    encrypt(plainText) {
      refresh(false);
      const { id, key } = ring[0]!;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      const cipherText = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [PREFIX, id, iv.toString('base64'), tag.toString('base64'), cipherText.toString('base64')].join(':');
    },
    decrypt(sealed) {
      const parts = sealed.split(':');
      if (parts[0] === LEGACY_PREFIX && parts.length === 4) {
        const [, iv, tag, cipherText] = parts as [string, string, string, string];
        for (const { key } of ring) {
          const plain = open(key, iv, tag, cipherText);
          if (plain !== null) return plain;
        }
        throw new SecretDecryptionError();
      }
      if (parts[0] !== PREFIX || parts.length !== 5) throw new SecretDecryptionError('it is not a sealed value');
      const [, kid, iv, tag, cipherText] = parts as [string, string, string, string, string];
      let entry = ring.find((candidate) => candidate.id === kid);
      if (!entry) {
        refresh(true);
        entry = ring.find((candidate) => candidate.id === kid);
      }
      if (!entry) throw new SecretDecryptionError(`its key (id ${kid}) is not in the key ring`);
      const plain = open(entry.key, iv, tag, cipherText);
      if (plain === null) throw new SecretDecryptionError();
      return plain;
    },
  };
}

function toRing(keys: readonly Buffer[]): Array<{ id: string; key: Buffer }> {
  if (keys.length === 0) throw new Error('The secret key ring is empty.');
  return keys.map((key) => {
    if (key.length !== 32) throw new Error(`The secret key must be 32 bytes, got ${key.length}.`);
    return { id: keyIdOf(key), key };
  });
}

/** The plain text, or `null` when the auth tag does not match (wrong key or altered bytes). */
function open(key: Buffer, iv: string, tag: string, cipherText: string): string | null {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(cipherText, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
