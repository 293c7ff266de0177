import type { RunStatus, SyncDto } from './trpc.js';
import { isActive } from './live-polling.js';

/** How a pipeline's members stand by their latest runs: counts per status and one line for people. */
export function pipelineProgress(members: ReadonlyArray<Pick<SyncDto, 'lastRun'>>): {
  counts: Partial<Record<RunStatus | 'never', number>>;
  active: number;
  summary: string;
} {
  const counts: Partial<Record<RunStatus | 'never', number>> = {};
  for (const member of members) {
    const key = member.lastRun?.status ?? 'never';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const active = members.filter((m) => m.lastRun && isActive(m.lastRun.status)).length;
  const order: Array<RunStatus | 'never'> = [
    'running',
    'pending',
    'queued',
    'success',
    'failed',
    'cancelled',
    'skipped',
    'never',
  ];
  const label = (status: RunStatus | 'never') => (status === 'never' ? 'never run' : status);
  const summary = order
    .filter((status) => counts[status])
    .map((status) => `${counts[status]} ${label(status)}`)
    .join(' · ');
  return { counts, active, summary: summary || 'no tables' };
}
