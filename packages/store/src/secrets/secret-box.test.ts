import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretDecryptionError } from './secret-box.js';

describe('createSecretBox', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips, including unicode and the empty string', () => {
    for (const value of ['s3cret', 'pässwörd ✓', '']) {
      expect(box.decrypt(box.encrypt(value))).toBe(value);
    }
  });

  it('uses a fresh IV per value, so equal passwords look different at rest', () => {
    const a = box.encrypt('same');
    const b = box.encrypt('same');
    expect(a).not.toBe(b);
    expect(a).not.toContain('same');
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
  });

  it('rejects a tampered value (auth tag checked)', () => {
    const [prefix, iv, tag, cipherText] = box.encrypt('tamper me').split(':') as [string, string, string, string];
    const bytes = Buffer.from(cipherText, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    expect(() => box.decrypt([prefix, iv, tag, bytes.toString('base64')].join(':'))).toThrow(SecretDecryptionError);
  });

  it('rejects a value sealed under another key', () => {
    const other = createSecretBox(randomBytes(32));
    expect(() => other.decrypt(box.encrypt('x'))).toThrow(SecretDecryptionError);
  });

  it('rejects malformed values and wrong key sizes', () => {
    expect(() => box.decrypt('not-a-sealed-value')).toThrow(SecretDecryptionError);
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
