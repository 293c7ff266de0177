import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedMutex', () => {
  it('runs work for the same key one after another, in call order', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([mutex.runExclusive('a', work('1')), mutex.runExclusive('a', work('2'))]);
    expect(results).toEqual(['1', '2']);
    expect(events).toEqual(['1 start', '1 end', '2 start', '2 end']);
  });

  it('does not make different keys wait for each other', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    let release!: () => void;
    const held = mutex.runExclusive('a', () => new Promise<void>((resolve) => (release = resolve)));
    await mutex.runExclusive('b', async () => events.push('b ran'));
    expect(events).toEqual(['b ran']);
    release();
    await held;
  });

  it('keeps going after a failure, and passes the failure to its caller only', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.runExclusive('a', async () => {
      throw new Error('boom');
    });
    const next = mutex.runExclusive('a', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
