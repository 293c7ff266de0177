import { afterEach, expect, it } from 'vitest';
import { testEnv } from './env.js';

const NAME = 'PIPECRAFT_TEST_SUPPORT_PROBE';
afterEach(() => {
  delete process.env[NAME];
});

it.each([
  [undefined, 'fallback'],
  ['', 'fallback'],
  ['  ', 'fallback'],
  ['set', 'set'],
])('an unset or empty variable means the default: %j → %j', (value, expected) => {
  if (value !== undefined) process.env[NAME] = value;
  expect(testEnv(NAME, 'fallback')).toBe(expected);
});
