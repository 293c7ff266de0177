import { describe, expect, it } from 'vitest';
import { createConnectionInput } from '@pipecraft/api/schemas';
import { validate } from './validate.js';

describe('validate with the API schema', () => {
  const valid = {
    name: 'Warehouse',
    dialect: 'postgres',
    host: 'localhost',
    port: '5432',
    database: 'app',
    username: 'me',
    isSource: true,
    isDestination: true,
  };

  it('returns the parsed input (the port as a number)', () => {
    expect(validate(createConnectionInput, valid)).toEqual({ ok: true, data: { ...valid, port: 5432 } });
  });

  it.each(['', 'abc', '0', '65536', '1.5'])('rejects port %j with the server message', (port) => {
    expect(validate(createConnectionInput, { ...valid, port })).toEqual({
      ok: false,
      errors: { port: 'Enter a port between 1 and 65535.' },
    });
  });

  it('gives the first message per field', () => {
    const result = validate(createConnectionInput, { ...valid, name: ' ', host: '' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({ name: 'A name is required.', host: 'A host is required.' });
  });
});
