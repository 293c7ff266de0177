import { describe, expect, it } from 'vitest';
import { appCodeOf, fieldErrorsOf, messageOf } from './app-error.js';

describe('app errors', () => {
  const error = {
    message: 'The input is not valid',
    data: {
      appCode: 'VALIDATION_FAILED',
      fieldErrors: { name: ['A name is required.', 'second'], host: [], port: undefined },
    },
  };

  it('takes the first message per field and skips empty ones', () => {
    expect(fieldErrorsOf(error)).toEqual({ name: 'A name is required.' });
  });

  it('reads the domain code', () => {
    expect(appCodeOf(error)).toBe('VALIDATION_FAILED');
    expect(appCodeOf({ message: 'x' })).toBeNull();
    expect(appCodeOf(null)).toBeNull();
  });

  it('says the API is unreachable instead of "Failed to fetch"', () => {
    expect(messageOf({ message: 'Failed to fetch' })).toMatch(/Cannot reach the PipeCraft API/);
    expect(messageOf({ message: 'Authentication failed for user "x"' })).toBe('Authentication failed for user "x"');
  });
});
