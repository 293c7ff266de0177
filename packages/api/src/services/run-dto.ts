import type { RunConfigSnapshot, RunPhaseRecord, SyncRun } from '@pipecraft/store';
import {
  RUN_PHASES,
  SCHEMA_CHANGE_ACTIONS,
  SCHEMA_CHANGE_KINDS,
  VALUE_POLICIES,
  type RunPhase,
  type SchemaChangeKind,
} from '@pipecraft/sync-engine/terms';
import type { RunDto, SchemaChangeDto, ValueWarningDto } from '../schemas/run.js';
import { hintFor } from './error-hints.js';

/** Entity → DTO; `run.sync` must be loaded (for its name). */
export function toRunDto(run: SyncRun, now: Date = new Date()): RunDto {
  const speed = rowsPerSecond(run, now);
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
    rowsPerSecond: speed,
    detail: run.status === 'running' || run.status === 'pending' ? run.statusDetail : null,
    rowsRead: run.rowsRead,
    phase: run.status === 'running' && isPhase(run.phase) ? run.phase : null,
    phases: parsePhases(run.phasesJson),
    progress: progressOf(run, speed),
    config: parseJson<RunConfigSnapshot>(run.configJson),
    error:
      run.errorCode !== null
        ? { code: run.errorCode, message: run.errorMessage ?? '', hint: hintFor(run.errorCode) }
        : null,
    warnings: parseWarnings(run.warningsJson),
    valueWarnings: parseValueWarnings(run.valueWarningsJson),
    schemaChanges: parseSchemaChanges(run.schemaChangesJson),
    workerId: run.workerId,
    attempt: run.attempt,
    retryOf: run.retryOf,
    trigger: run.trigger,
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

/**
 * Percent and ETA from the source's estimate. Statistics lag, so the percent is capped at 99 until
 * the run ends, and no ETA is promised before rows flow.
 */
function progressOf(run: SyncRun, speed: number | null): RunDto['progress'] {
  if (run.rowEstimate === null || run.rowEstimate <= 0) return null;
  if (run.status !== 'running') return { rowEstimate: run.rowEstimate, percent: null, etaSeconds: null };
  const percent = Math.min(99, Math.floor((run.rowsCopied * 100) / run.rowEstimate));
  const left = Math.max(0, run.rowEstimate - run.rowsCopied);
  const etaSeconds = speed !== null && speed > 0 && run.rowsCopied > 0 ? Math.ceil(left / speed) : null;
  return { rowEstimate: run.rowEstimate, percent, etaSeconds };
}

function isPhase(value: string | null): value is RunPhase {
  return value !== null && (RUN_PHASES as readonly string[]).includes(value);
}

function parsePhases(json: string | null): RunDto['phases'] {
  const parsed = parseJson<RunPhaseRecord[]>(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.map((step) => ({
    phase: step.phase,
    startedAt: new Date(step.startedAt),
    durationMs: step.durationMs,
  }));
}

function parseWarnings(json: string | null): string[] {
  const parsed = parseJson<unknown>(json);
  return Array.isArray(parsed) ? parsed.filter((w): w is string => typeof w === 'string') : [];
}

/** Our own JSON columns; a damaged one reads as absent rather than failing the page. */
function parseJson<T>(json: string | null): T | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}

/** Entries with a policy this version knows; anything else in the column is dropped, never trusted. */
function parseValueWarnings(json: string | null): ValueWarningDto[] {
  if (json === null) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((entry: unknown): ValueWarningDto[] => {
      if (typeof entry !== 'object' || entry === null) return [];
      const { column, policy, count, sampleKey } = entry as Record<string, unknown>;
      if (typeof column !== 'string' || typeof count !== 'number' || typeof policy !== 'string') return [];
      if (!Object.hasOwn(VALUE_POLICIES, policy)) return [];
      const known = policy as keyof typeof VALUE_POLICIES;
      return [
        {
          column,
          policy: known,
          description: VALUE_POLICIES[known],
          count,
          sampleKey: typeof sampleKey === 'string' ? sampleKey : null,
        },
      ];
    });
  } catch {
    return [];
  }
}

/** Entries with a change and an action this version knows; anything else is dropped, never trusted. */
function parseSchemaChanges(json: string | null): SchemaChangeDto[] {
  const parsed = parseJson<unknown>(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown): SchemaChangeDto[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { column, change, sourceType, destinationType, action } = entry as Record<string, unknown>;
    if (typeof column !== 'string' || typeof change !== 'string' || typeof action !== 'string') return [];
    if (!(SCHEMA_CHANGE_KINDS as readonly string[]).includes(change)) return [];
    if (!Object.hasOwn(SCHEMA_CHANGE_ACTIONS, action)) return [];
    const known = action as keyof typeof SCHEMA_CHANGE_ACTIONS;
    return [
      {
        column,
        change: change as SchemaChangeKind,
        sourceType: typeof sourceType === 'string' ? sourceType : null,
        destinationType: typeof destinationType === 'string' ? destinationType : null,
        action: known,
        description: SCHEMA_CHANGE_ACTIONS[known],
      },
    ];
  });
}
