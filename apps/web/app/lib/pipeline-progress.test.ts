import { describe, expect, it } from 'vitest';
import { pipelineProgress } from './pipeline-progress.js';

const member = (status: 'success' | 'running' | 'failed' | null) => ({
  lastRun: status === null ? null : ({ status } as never),
});

describe('pipelineProgress', () => {
  it('counts members by their latest run, active ones first in the summary', () => {
    const progress = pipelineProgress([member('success'), member('running'), member('success'), member(null)]);
    expect(progress.active).toBe(1);
    expect(progress.summary).toBe('1 running · 2 success · 1 never run');
  });

  it('says so when there is nothing', () => {
    expect(pipelineProgress([]).summary).toBe('no tables');
  });
});
