import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
/** 96-bit IVs are what GCM is specified for; a fresh one per value. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Version prefix so the format (or the key) can change later without guessing. */
const PREFIX = 'v1';

/** Encrypts secrets (connection passwords) before they reach the store, and back. */
export interface SecretBox {
  /** `v1:<iv>:<tag>:<ciphertext>`, all base64; a new random IV on every call. */
  encrypt(plainText: string): string;
  /** Throws when the value was tampered with or was encrypted under another key. */
  decrypt(sealed: string): string;
}

export class SecretDecryptionError extends Error {
  constructor() {
    super('A stored secret could not be decrypted: it was damaged or written with another secret key.');
    this.name = 'SecretDecryptionError';
  }
}

/** A SecretBox for one 32-byte AES-256 key. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) {
    throw new Error(`The secret key must be 32 bytes, got ${key.length}.`);
  }
  return {
    encrypt(plainText) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      const cipherText = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [PREFIX, iv.toString('base64'), tag.toString('base64'), cipherText.toString('base64')].join(':');
    },
    decrypt(sealed) {
      const [prefix, iv, tag, cipherText] = sealed.split(':');
      if (prefix !== PREFIX || iv === undefined || tag === undefined || cipherText === undefined) {
        throw new SecretDecryptionError();
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(cipherText, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        // GCM's final() throws when the auth tag does not match: wrong key or altered bytes.
        throw new SecretDecryptionError();
      }
    },
  };
}
