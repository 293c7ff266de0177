import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCipheriv } from 'node:crypto';
import { createSecretBox, keyIdOf, SecretDecryptionError } from './secret-box.js';

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
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
  });

  it('names the sealing key: v2:<kid>:…', () => {
    const key = randomBytes(32);
    const sealed = createSecretBox(key).encrypt('x');
    expect(sealed.split(':').slice(0, 2)).toEqual(['v2', keyIdOf(key)]);
    expect(createSecretBox(key).keyIdOfSealed(sealed)).toBe(keyIdOf(key));
  });

  it('still reads v1 values (no key id) with any key of the ring', () => {
    const old = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', old, iv, { authTagLength: 16 });
    const body = Buffer.concat([cipher.update('legacy', 'utf8'), cipher.final()]);
    const v1 = ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    const ring = createSecretBox([randomBytes(32), old]);
    expect(ring.decrypt(v1)).toBe('legacy');
    expect(ring.keyIdOfSealed(v1)).toBeNull();
    expect(() => createSecretBox(randomBytes(32)).decrypt(v1)).toThrow(SecretDecryptionError);
  });

  it('opens values of every key in the ring and seals with the first; asks reload for an unknown id', () => {
    const [older, newer] = [randomBytes(32), randomBytes(32)];
    const sealedOld = createSecretBox(older).encrypt('old');
    const sealedNew = createSecretBox(newer).encrypt('new');
    const ring = createSecretBox([newer, older]);
    expect(ring.decrypt(sealedOld)).toBe('old');
    expect(ring.currentKeyId).toBe(keyIdOf(newer));
    let reloads = 0;
    const stale = createSecretBox(older, { reload: () => (++reloads > 0 ? [newer, older] : null) });
    expect(stale.decrypt(sealedNew)).toBe('new');
    expect(reloads).toBeGreaterThan(0);
    expect(() => createSecretBox(older).decrypt(sealedNew)).toThrow(/key \(id [0-9a-f]{8}\) is not in the key ring/);
  });

  it('rejects a tampered value (auth tag checked)', () => {
    const [prefix, kid, iv, tag, cipherText] = box.encrypt('tamper me').split(':') as [
      string,
      string,
      string,
      string,
      string,
    ];
    const bytes = Buffer.from(cipherText, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    expect(() => box.decrypt([prefix, kid, iv, tag, bytes.toString('base64')].join(':'))).toThrow(
      SecretDecryptionError,
    );
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
