import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schedule } from '@pipecraft/store';
import { createSampleTable } from './support/databases.js';
import { connectionInput } from './support/databases.js';
import { defaultSchema, dropTable, uniqueName } from '@pipecraft/test-support';
import { createHarness, expectFailure, fieldErrorsOf, type Harness } from './support/harness.js';

let h: Harness;
const table = uniqueName('pc_sched');
let syncId: string;

beforeAll(async () => {
  h = await createHarness();
  await createSampleTable('postgres', table, 1);
  const connection = await h.caller.connections.create(connectionInput('postgres', uniqueName('pg')));
  const sync = await h.caller.syncs.create({
    name: uniqueName('scheduled'),
    sourceConnectionId: connection.id,
    sourceSchema: defaultSchema('postgres'),
    sourceTable: table,
    destinationConnectionId: connection.id,
    destinationSchema: defaultSchema('postgres'),
    destinationTable: `${table}_copy`,
  });
  syncId = sync.id;
});
afterAll(async () => {
  await h?.close();
  await dropTable('postgres', defaultSchema('postgres'), table);
});

describe('schedules', () => {
  it('explains an expression in words with its next three times', async () => {
    const explained = await h.caller.schedules.explain({ cron: '0 2 * * *', timeZone: 'Europe/Paris' });
    expect(explained.description).toBe('At 02:00 (Europe/Paris)');
    expect(explained.nextRuns).toHaveLength(3);
    // 02:00 in Paris is 00:00 or 01:00 UTC, whatever the host's zone.
    for (const at of explained.nextRuns) expect(at.getUTCHours() === 0 || at.getUTCHours() === 1).toBe(true);
  });

  it('refuses a bad expression or zone with a field error', async () => {
    const badCron = await expectFailure(h.caller.schedules.save({ syncId, cron: '0 25 * * *', timeZone: 'UTC' }), {
      code: 'BAD_REQUEST',
      appCode: 'VALIDATION_FAILED',
    });
    expect(fieldErrorsOf(badCron)).toEqual({ cron: [expect.stringMatching(/hour/)] });
    const badZone = await expectFailure(
      h.caller.schedules.explain({ cron: '0 2 * * *', timeZone: 'Europe/Atlantis' }),
      {
        appCode: 'VALIDATION_FAILED',
      },
    );
    expect(fieldErrorsOf(badZone)).toEqual({ timeZone: [expect.stringMatching(/not a time zone/)] });
    await expectFailure(h.caller.schedules.save({ cron: '0 2 * * *', timeZone: 'UTC' }), {
      appCode: 'VALIDATION_FAILED',
    });
  });

  it('saves, replaces, pauses, resumes and deletes a sync schedule; the next time is planned in the store', async () => {
    expect(await h.caller.schedules.get({ syncId })).toBeNull();
    const saved = await h.caller.schedules.save({ syncId, cron: '*/15 * * * *', timeZone: 'Asia/Kolkata' });
    expect(saved).toMatchObject({
      syncId,
      pipelineId: null,
      paused: false,
      description: 'Every 15 minutes (Asia/Kolkata)',
    });
    expect(saved.nextRuns).toHaveLength(3);
    const stored = await h.store.em().findOneOrFail(Schedule, saved.id);
    expect(stored.nextRunAt?.getTime()).toBe(saved.nextRuns[0]!.getTime());

    const replaced = await h.caller.schedules.save({ syncId, cron: '0 3 * * 1', timeZone: 'UTC' });
    expect(replaced.id).toBe(saved.id);
    expect(replaced.description).toBe('At 03:00, only on Monday (UTC)');

    const paused = await h.caller.schedules.setPaused({ id: saved.id, paused: true });
    expect(paused).toMatchObject({ paused: true, nextRuns: [] });
    expect((await h.store.em().findOneOrFail(Schedule, saved.id)).nextRunAt).toBeNull();
    const resumed = await h.caller.schedules.setPaused({ id: saved.id, paused: false });
    expect(resumed.nextRuns).toHaveLength(3);

    expect(await h.caller.schedules.delete({ id: saved.id })).toEqual({ id: saved.id });
    expect(await h.caller.schedules.get({ syncId })).toBeNull();
    await expectFailure(h.caller.schedules.delete({ id: saved.id }), { code: 'NOT_FOUND' });
    const audit = await h.caller.audit.list({ action: 'schedule' });
    expect(audit.items.map((event) => event.action)).toEqual(
      expect.arrayContaining(['schedule.save', 'schedule.pause', 'schedule.resume', 'schedule.delete']),
    );
  });

  it('goes with its sync when the sync is deleted', async () => {
    const saved = await h.caller.schedules.save({ syncId, cron: '0 2 * * *', timeZone: 'UTC' });
    await h.caller.syncs.delete({ id: syncId });
    expect(await h.store.em().findOne(Schedule, saved.id)).toBeNull();
    await expectFailure(h.caller.schedules.get({ syncId }), { code: 'NOT_FOUND' });
  });
});
