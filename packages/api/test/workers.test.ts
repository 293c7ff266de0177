import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '@pipecraft/store';
import { createHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('workers.list', () => {
  it('lists the workers with a recent heartbeat that did not stop, oldest first, and nothing else', async () => {
    expect(await h.caller.workers.list()).toEqual([]);
    const now = Date.now();
    const em = h.deps.store.em();
    const worker = (id: string, startedAgoMs: number, heartbeatAgoMs: number, stopped = false) =>
      em.create(Worker, {
        id,
        hostname: 'host-a',
        pid: 42,
        concurrency: 3,
        activeRuns: 1,
        startedAt: new Date(now - startedAgoMs),
        heartbeatAt: new Date(now - heartbeatAgoMs),
        stoppedAt: stopped ? new Date(now - heartbeatAgoMs) : null,
      });
    worker('young', 1_000, 500);
    worker('old', 60_000, 1_000);
    worker('silent', 120_000, 45_000); // killed: its heartbeat aged past the window
    worker('stopped', 90_000, 2_000, true);
    await em.flush();
    const live = await h.caller.workers.list();
    expect(live.map((w) => w.id)).toEqual(['old', 'young']);
    expect(live[0]).toEqual({
      id: 'old',
      hostname: 'host-a',
      pid: 42,
      concurrency: 3,
      activeRuns: 1,
      startedAt: new Date(now - 60_000),
      heartbeatAt: new Date(now - 1_000),
    });
  });
});
