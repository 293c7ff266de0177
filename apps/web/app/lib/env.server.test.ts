import { describe, expect, it } from 'vitest';
import { parseWebEnv } from './env.server.js';

describe('parseWebEnv', () => {
  it.each([
    [undefined, '/trpc'],
    ['', '/trpc'],
    ['  ', '/trpc'],
    ['/api/trpc', '/api/trpc'],
    [' https://api.example.com/trpc ', 'https://api.example.com/trpc'],
  ])('PIPECRAFT_API_URL=%j → %s', (value, apiUrl) => {
    expect(parseWebEnv({ PIPECRAFT_API_URL: value })).toEqual({ apiUrl });
  });

  it.each(['api.example.com', 'ftp://x', 'http://'])('refuses %j and names the key', (value) => {
    expect(() => parseWebEnv({ PIPECRAFT_API_URL: value })).toThrow(/PIPECRAFT_API_URL/);
  });
});
