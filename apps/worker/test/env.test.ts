import { describe, expect, it } from 'vitest';
import { parseWorkerEnv } from '../src/env.js';

const NEEDED = { PIPECRAFT_STORE_URL: 'postgresql://pc@db/pipecraft', PIPECRAFT_QUEUE_URL: 'redis://queue:6379' };

describe('parseWorkerEnv', () => {
  it('applies the documented defaults', () => {
    expect(parseWorkerEnv(NEEDED)).toMatchObject({
      PORT: 3100,
      HOST: '127.0.0.1',
      PIPECRAFT_QUEUE_NAME: 'pipecraft-runs',
      PIPECRAFT_WORKER_CONCURRENCY: 2,
      PIPECRAFT_MAX_RUNS: 4,
      PIPECRAFT_MAX_RUNS_PER_CONNECTION: 2,
      PIPECRAFT_LEASE_MS: 15_000,
      PIPECRAFT_HEARTBEAT_MS: 2_000,
      PIPECRAFT_SHUTDOWN_GRACE_MS: 30_000,
      LOG_LEVEL: 'info',
    });
  });

  it('needs a shared store and a queue, and names every bad key without its value', () => {
    expect(() => parseWorkerEnv({})).toThrow(/PIPECRAFT_STORE_URL .*; PIPECRAFT_QUEUE_URL /);
    expect(() =>
      parseWorkerEnv({ ...NEEDED, PIPECRAFT_STORE_URL: '/var/lib/pc.sqlite', PIPECRAFT_WORKER_CONCURRENCY: '0' }),
    ).toThrow(/PIPECRAFT_STORE_URL must be the postgresql:\/\/ or mysql:\/\/ URL.*PIPECRAFT_WORKER_CONCURRENCY/);
    try {
      parseWorkerEnv({ ...NEEDED, PIPECRAFT_QUEUE_URL: 'http://secret-host' });
    } catch (error) {
      expect(String(error)).not.toContain('secret-host');
    }
  });

  it('keeps the heartbeat within a third of the lease', () => {
    expect(() => parseWorkerEnv({ ...NEEDED, PIPECRAFT_LEASE_MS: '3000', PIPECRAFT_HEARTBEAT_MS: '2000' })).toThrow(
      /PIPECRAFT_HEARTBEAT_MS must be at most a third of PIPECRAFT_LEASE_MS/,
    );
  });
});
