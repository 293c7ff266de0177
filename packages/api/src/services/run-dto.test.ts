import { describe, expect, it } from 'vitest';
import type { SyncRun } from '@pipecraft/store';
import { toRunDto } from './run-dto.js';

const NOW = new Date('2026-11-27T02:00:10Z');

/** A stored run as the runner leaves it; `rowsCopied` is live progress while running. */
function run(fields: Partial<SyncRun>): SyncRun {
  return {
    id: 'r',
    sync: { id: 's', name: 'orders' },
    status: 'running',
    rowsCopied: 0,
    rowCount: null,
    createdAt: new Date('2026-11-27T02:00:00Z'),
    startedAt: new Date('2026-11-27T02:00:00Z'),
    finishedAt: null,
    durationMs: null,
    errorCode: null,
    errorMessage: null,
    statusDetail: null,
    warningsJson: null,
    phase: null,
    phasesJson: null,
    rowsRead: null,
    rowEstimate: null,
    configJson: null,
    sourceConnectionId: null,
    destinationConnectionId: null,
    ...fields,
  } as SyncRun;
}

describe('toRunDto progress', () => {
  it.each([
    // 10 s in, 250 of ~1,000 rows at 25 rows/s: 25 %, 30 s left.
    [
      'running with an estimate',
      run({ rowsCopied: 250, rowEstimate: 1_000 }),
      { rowEstimate: 1_000, percent: 25, etaSeconds: 30 },
    ],
    // Statistics lag: more rows than estimated stays below 100 % until the run ends.
    [
      'past the estimate',
      run({ rowsCopied: 1_500, rowEstimate: 1_000 }),
      { rowEstimate: 1_000, percent: 99, etaSeconds: 0 },
    ],
    [
      'before the first rows',
      run({ rowsCopied: 0, rowEstimate: 1_000 }),
      { rowEstimate: 1_000, percent: 0, etaSeconds: null },
    ],
    ['without an estimate', run({ rowsCopied: 250 }), null],
    ['an empty table estimated at 0', run({ rowEstimate: 0 }), null],
    [
      'finished',
      run({ status: 'success', rowsCopied: 900, rowCount: 900, rowEstimate: 1_000, durationMs: 9_000 }),
      { rowEstimate: 1_000, percent: null, etaSeconds: null },
    ],
  ])('%s', (_name, stored, expected) => {
    expect(toRunDto(stored, NOW).progress).toEqual(expected);
  });
});

describe('toRunDto record', () => {
  it('gives a known error code its hint and an unknown one none', () => {
    expect(toRunDto(run({ status: 'failed', errorCode: 'LOCK_TIMEOUT', errorMessage: 'm' })).error).toEqual({
      code: 'LOCK_TIMEOUT',
      message: 'm',
      hint: expect.stringMatching(/lock/),
    });
    expect(toRunDto(run({ status: 'failed', errorCode: 'SOMETHING_OLD', errorMessage: 'm' })).error?.hint).toBeNull();
  });

  it('shows the current step only while running, and reads damaged JSON as absent', () => {
    expect(toRunDto(run({ phase: 'lock' })).phase).toBe('lock');
    expect(toRunDto(run({ status: 'failed', phase: 'lock' })).phase).toBeNull();
    expect(toRunDto(run({ phase: 'made-up' })).phase).toBeNull();
    const damaged = toRunDto(run({ phasesJson: '{', configJson: 'nope', warningsJson: '[' }));
    expect([damaged.phases, damaged.config, damaged.warnings]).toEqual([[], null, []]);
    const steps = toRunDto(
      run({ phasesJson: '[{"phase":"connect","startedAt":"2026-11-27T02:00:00.000Z","durationMs":12}]' }),
    );
    expect(steps.phases).toEqual([{ phase: 'connect', startedAt: new Date('2026-11-27T02:00:00Z'), durationMs: 12 }]);
  });
});
