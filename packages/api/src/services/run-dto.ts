import type { SyncRun } from '@pipecraft/store';
import type { RunDto } from '../schemas/run.js';

/** Entity → DTO; `run.sync` must be loaded (for its name). */
export function toRunDto(run: SyncRun, now: Date = new Date()): RunDto {
  return {
    id: run.id,
    syncId: run.sync.id,
    syncName: run.sync.name,
    status: run.status,
    rowsCopied: run.rowsCopied,
    rowCount: run.rowCount,
    rowsInserted: run.rowsInserted,
    rowsUpdated: run.rowsUpdated,
    rowsDeleted: run.rowsDeleted,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    rowsPerSecond: rowsPerSecond(run, now),
    detail: run.status === 'running' || run.status === 'pending' ? run.statusDetail : null,
    error: run.errorCode !== null ? { code: run.errorCode, message: run.errorMessage ?? '' } : null,
    warnings: parseWarnings(run.warningsJson),
  };
}

function rowsPerSecond(run: SyncRun, now: Date): number | null {
  if (run.status === 'success' && run.durationMs !== null && run.durationMs > 0) {
    return Math.round(((run.rowCount ?? run.rowsCopied) * 1000) / run.durationMs);
  }
  if (run.status === 'running' && run.startedAt !== null) {
    const elapsed = now.getTime() - run.startedAt.getTime();
    return elapsed > 0 ? Math.round((run.rowsCopied * 1000) / elapsed) : null;
  }
  return null;
}

function parseWarnings(json: string | null): string[] {
  if (json === null) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((w): w is string => typeof w === 'string') : [];
  } catch {
    return [];
  }
}
