import { describe, expect, it } from 'vitest';
import { checkSchedule, describeSchedule, nextFireAfter } from './cron-schedule.js';

describe('cron schedules', () => {
  it('reads the expression in its time zone, across a DST gap', () => {
    // Paris springs forward on 2026-03-29: 02:00 does not exist, the run comes at 03:00 local.
    const { description, nextRuns } = describeSchedule('0 2 * * *', 'Europe/Paris', new Date('2026-03-28T12:00:00Z'));
    expect(description).toBe('At 02:00 (Europe/Paris)');
    expect(nextRuns.map((d) => d.toISOString())).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
  });

  it('fires strictly after the given time', () => {
    const at = new Date('2026-01-01T10:05:00Z');
    expect(nextFireAfter('*/5 * * * *', 'UTC', at)?.toISOString()).toBe('2026-01-01T10:10:00.000Z');
  });

  it.each([
    ['61 * * * *', 'UTC', 'cron'],
    ['* * * *', 'UTC', 'cron'],
    ['0 0 * * * *', 'UTC', 'cron'],
    ['0 2 * * *', 'Mars/Olympus', 'timeZone'],
    ['0 2 * * *', '', 'timeZone'],
  ])('refuses %j in %j, naming the %s field', (cron, timeZone, field) => {
    expect(checkSchedule(cron, timeZone)).toMatchObject({ field });
  });

  it('accepts a plain daily schedule', () => {
    expect(checkSchedule('30 6 * * 1-5', 'America/New_York')).toBeNull();
  });
});
