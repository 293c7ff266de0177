import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from './contract.js';
import { redact } from './connection-error.js';

const base: ConnectionConfig = { dialect: 'postgres', host: 'db', port: 5432, database: 'd', user: 'u' };

describe('redact', () => {
  it.each([
    ['p', 'Connection terminated unexpectedly', 'Connection terminated unexpectedly'],
    ['p', 'password p rejected', 'password *** rejected'],
    ['secret', 'secrets are fine, secret is not: "secret"', 'secrets are fine, *** is not: "***"'],
    ['a.b*c', 'bad a.b*c here; axbxc stays', 'bad *** here; axbxc stays'],
    ['S3cr€t', 'auth S3cr€t failed', 'auth *** failed'],
    ['', 'nothing to hide', 'nothing to hide'],
  ])('password %j in %j', (password, message, expected) => {
    expect(redact(message, { ...base, password })).toBe(expected);
  });

  it('redacts the SSH password and passphrase too', () => {
    const config: ConnectionConfig = {
      ...base,
      ssh: { host: 'b', port: 22, user: 'u', password: 'tunnelpw', passphrase: 'keypp', hostKeyFingerprint: 'x' },
    };
    expect(redact('tunnelpw and keypp', config)).toBe('*** and ***');
  });
});
