import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignInLimiter } from './sign-in-limiter.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('SignInLimiter', () => {
  it('blocks an email after its failures, until the window passes or a success resets it', () => {
    vi.useFakeTimers();
    const limiter = new SignInLimiter({ windowMs: 60_000, maxPerEmail: 3, maxPerIp: 100 });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a@x', '1.1.1.1')).toBe(0);
      limiter.fail('a@x', '1.1.1.1');
    }
    expect(limiter.retryAfter('a@x', '2.2.2.2')).toBe(60);
    expect(limiter.retryAfter('b@x', '1.1.1.1')).toBe(0);
    vi.advanceTimersByTime(60_001);
    expect(limiter.retryAfter('a@x', '1.1.1.1')).toBe(0);
    limiter.fail('a@x', '1.1.1.1');
    limiter.succeed('a@x');
    expect(limiter.retryAfter('a@x', '1.1.1.1')).toBe(0);
  });

  it('blocks an address that tries many emails', () => {
    const limiter = new SignInLimiter({ maxPerEmail: 100, maxPerIp: 4 });
    for (let i = 0; i < 4; i++) limiter.fail(`user${i}@x`, '9.9.9.9');
    expect(limiter.retryAfter('new@x', '9.9.9.9')).toBeGreaterThan(0);
    expect(limiter.retryAfter('new@x', '8.8.8.8')).toBe(0);
  });
});
