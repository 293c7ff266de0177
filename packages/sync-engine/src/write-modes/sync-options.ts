/**
 * A sync's mode options checked against the tables before anything is written: the key a merge
 * matches on, the cursor an incremental read follows, the watermark it starts from. Every refusal
 * is SYNC_OPTIONS_INVALID naming the column and what to do, before the destination is touched.
 */
import { EngineError } from '../engine-error.js';
import type { PreparedSync } from '../plan-sync.js';
import type { SyncRequest } from '../sync-request.js';
import type { LogicalColumn } from '../types/logical-type.js';
import type { Watermark } from '../watermark.js';
import {
  CURSOR_WRITE_MODES,
  KEYED_WRITE_MODES,
  type DeleteMissingPolicy,
  type WriteModeName,
} from './write-mode-names.js';

/** Cursor types whose order is the order values were written in (validated at save and at run). */
const CURSOR_KINDS: ReadonlySet<LogicalColumn['logical']['kind']> = new Set(['int', 'decimal', 'date', 'timestamp']);
/** Key types a watermark can carry as text (binary keys cannot). */
const BINARY_KINDS: ReadonlySet<LogicalColumn['logical']['kind']> = new Set(['bytes', 'bit', 'geometry']);

/**
 * The text a cursor value of each kind can have (a watermark set by hand is checked against it; the
 * source server still does the exact comparison).
 */
const CURSOR_TEXT: Partial<Record<LogicalColumn['logical']['kind'], RegExp>> = {
  int: /^-?\d{1,40}$/,
  decimal: /^-?\d{1,65}(\.\d{1,30})?$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  timestamp: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/,
};

export interface SyncOptions {
  /** Source key columns (merge modes, and the tiebreak of a watermark), in key order; empty when none. */
  keys: LogicalColumn[];
  /** The destination columns the keys land in, same order. */
  destinationKeys: string[];
  /** The cursor column (cursor modes); `null` otherwise. */
  cursor: LogicalColumn | null;
  watermark: Watermark | null;
  lookbackSeconds: number;
  deleteMissing: DeleteMissingPolicy;
}

function invalid(message: string): EngineError {
  return new EngineError('SYNC_OPTIONS_INVALID', message);
}

/** Check the request's options against the source columns; pure (the plan is already read). */
export function resolveSyncOptions(request: SyncRequest, prepared: PreparedSync): SyncOptions {
  const mode: WriteModeName = request.writeMode;
  const columns = prepared.sourceColumns;
  const table = `${request.source.table.schema}.${request.source.table.table}`;
  const find = (name: string, role: string): LogicalColumn => {
    const column = columns.find((candidate) => candidate.name === name);
    if (!column) throw invalid(`The ${role} column "${name}" is not a column of ${table}.`);
    return column;
  };
  const needsKeys = KEYED_WRITE_MODES.includes(mode);
  const needsCursor = CURSOR_WRITE_MODES.includes(mode);

  let keys: LogicalColumn[];
  if (request.keyColumns && request.keyColumns.length > 0) {
    keys = request.keyColumns.map((name) => find(name, 'key'));
  } else {
    keys = columns
      .filter((column) => column.primaryKeyPosition !== null)
      .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0));
  }
  if (needsKeys && keys.length === 0) {
    throw invalid(
      `${table} has no primary key, so a merge cannot tell which destination row a source row updates. Choose key columns whose values are unique, or use append / full refresh.`,
    );
  }
  if (needsCursor || needsKeys) {
    const binary = keys.find((column) => BINARY_KINDS.has(column.logical.kind));
    if (binary) throw invalid(`The key column "${binary.name}" is binary; choose key columns of another type.`);
  }

  let cursor: LogicalColumn | null = null;
  if (needsCursor) {
    if (!request.cursorColumn)
      throw invalid(`The ${mode} mode needs a cursor column: a column that grows as rows are added or changed.`);
    cursor = find(request.cursorColumn, 'cursor');
    if (!CURSOR_KINDS.has(cursor.logical.kind)) {
      throw invalid(
        `The cursor column "${cursor.name}" is ${cursor.nativeType}; a cursor must be an integer, numeric, date or timestamp column.`,
      );
    }
  }

  const lookbackSeconds = mode === 'incremental_merge' ? (request.lookbackSeconds ?? 0) : 0;
  if (!Number.isInteger(lookbackSeconds) || lookbackSeconds < 0)
    throw invalid('The lookback is a whole number of seconds, 0 or more.');
  if (lookbackSeconds > 0 && cursor && cursor.logical.kind !== 'date' && cursor.logical.kind !== 'timestamp')
    throw invalid(`A lookback needs a date or timestamp cursor; "${cursor.name}" is ${cursor.nativeType}.`);

  const watermark = needsCursor ? (request.watermark ?? null) : null;
  if (watermark && watermark.key.length !== keys.length) {
    throw invalid(
      `The watermark needs one value per key column (${keys.map((key) => key.name).join(', ') || 'none'}); reset it and the next run reads from the beginning.`,
    );
  }
  if (watermark && cursor && !CURSOR_TEXT[cursor.logical.kind]?.test(watermark.cursor)) {
    throw invalid(`The watermark's cursor value "${watermark.cursor}" is not a ${cursor.nativeType} value.`);
  }

  const destinationKeys = keys.map((key) => {
    const index = columns.indexOf(key);
    return prepared.destinationColumns[index]?.name ?? key.name;
  });
  return {
    keys,
    destinationKeys,
    cursor,
    watermark,
    lookbackSeconds,
    deleteMissing: mode === 'full_merge' ? (request.deleteMissing ?? 'keep') : 'keep',
  };
}
