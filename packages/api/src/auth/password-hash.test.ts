import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
  });

  it.each([
    ['', 'empty'],
    ['bcrypt$x', 'another scheme'],
    ['scrypt$1$2$3', 'truncated'],
  ])('answers false for a malformed stored value (%s: %s)', async (stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });

  it('treats canonically equal Unicode spellings as the same password', async () => {
    const composed = await hashPassword('caf\u00e9 au lait, please');
    expect(await verifyPassword('cafe\u0301 au lait, please', composed)).toBe(true);
  });
});
