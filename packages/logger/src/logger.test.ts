import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './logger.js';

describe('redact', () => {
  it.each([
    ['postgresql://pc:hunter2@db:5432/x', 'postgresql://pc:[redacted]@db:5432/x'],
    ['mysql://root:hunter2@h/db and more', 'mysql://root:[redacted]@h/db and more'],
    ['password=hunter2 host=h', 'password=[redacted] host=h'],
    ['PWD: "hunter 2"', 'PWD: [redacted]'],
    ['no secrets here', 'no secrets here'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('drops secret-named keys at any depth and keeps the rest', () => {
    expect(
      redact({ user: 'u', password: 'hunter2', nested: { secretKey: 'k', list: [{ token: 't', ok: 1 }] } }),
    ).toEqual({
      user: 'u',
      password: '[redacted]',
      nested: { secretKey: '[redacted]', list: [{ token: '[redacted]', ok: 1 }] },
    });
  });

  it('serializes errors (message, stack and cause) with secrets removed', () => {
    const error = new Error('failed: postgresql://u:hunter2@h/db', { cause: new Error('password=hunter2') });
    const text = JSON.stringify(redact(error));
    expect(text).not.toContain('hunter2');
    expect(text).toContain('failed: postgresql://u:[redacted]@h/db');
  });
});

describe('createLogger', () => {
  it('writes JSON lines at or above the level, redacted', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    logger.debug('hidden');
    logger.info('connecting to mysql://root:hunter2@h/db', { password: 'hunter2', port: 3306 });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      msg: 'connecting to mysql://root:[redacted]@h/db',
      password: '[redacted]',
      port: 3306,
    });
    expect(lines[0]).not.toContain('hunter2');
  });
});
