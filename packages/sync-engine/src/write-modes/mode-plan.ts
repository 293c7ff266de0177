/**
 * What the preview says about a mode: the destination DDL it would create (merge keys as the
 * primary key, the soft-delete column) and, in words, what the first and the following runs do.
 */
import type { SyncPlan } from '../contract.js';
import type { DialectSession } from '../dialect.js';
import type { PreparedSync } from '../plan-sync.js';
import type { SyncRequest } from '../sync-request.js';
import { resolveSyncOptions, type SyncOptions } from './sync-options.js';
import { KEYED_WRITE_MODES, SOFT_DELETE_COLUMN } from './write-mode-names.js';

/** The mode's part of a sync request: what a preview or a save checks. */
export type SyncModeOptions = Pick<
  SyncRequest,
  'writeMode' | 'keyColumns' | 'cursorColumn' | 'lookbackSeconds' | 'deleteMissing' | 'watermark'
>;

export function planMode(
  destination: DialectSession,
  table: SyncRequest['destination']['table'],
  prepared: PreparedSync,
  mode: SyncModeOptions,
): Pick<SyncPlan, 'createTableDdl' | 'runs'> {
  const request = { ...mode, source: { table }, destination: { table } } as unknown as SyncRequest;
  const options = resolveSyncOptions(request, prepared);
  const keyed = KEYED_WRITE_MODES.includes(mode.writeMode);
  const soft = mode.writeMode === 'full_merge' && options.deleteMissing === 'soft';
  let createTableDdl = prepared.plan.createTableDdl;
  if (!prepared.plan.destinationExists && (keyed || soft)) {
    const columns = prepared.createColumns.map((column) => {
      if (!keyed) return column;
      const position = options.destinationKeys.indexOf(column.name);
      return { ...column, primaryKeyPosition: position === -1 ? null : position + 1 };
    });
    if (soft)
      columns.push({
        name: SOFT_DELETE_COLUMN,
        nativeType: destination.dialect.merge.timestampType,
        nullable: true,
        primaryKeyPosition: null,
      });
    createTableDdl = destination.dialect.ddl.createTable(table, columns);
  }
  return { createTableDdl, runs: describeRuns(mode.writeMode, options) };
}

function describeRuns(mode: SyncModeOptions['writeMode'], options: SyncOptions): { first: string; next: string } {
  const keys = options.keys.map((key) => key.name).join(', ');
  const cursor = options.cursor?.name ?? '';
  const lookback = options.lookbackSeconds > 0 ? `, re-reading the ${options.lookbackSeconds} s before it` : '';
  switch (mode) {
    case 'full_refresh':
      return {
        first: 'Copies every source row.',
        next: 'Replaces every destination row with the source rows, in one atomic step.',
      };
    case 'append':
      return {
        first: 'Copies every source row.',
        next: 'Inserts every source row again, keeping the rows already there.',
      };
    case 'incremental_append':
      return {
        first: `Copies every source row (rows whose ${cursor} is NULL only in this run) and saves the watermark (${cursor}, ${keys || 'no key'}).`,
        next: `Inserts only rows past the watermark on (${[cursor, ...options.keys.map((key) => key.name)].join(', ')}).`,
      };
    case 'incremental_merge':
      return {
        first: `Copies every source row (rows whose ${cursor} is NULL only in this run) and saves the watermark.`,
        next: `Upserts on (${keys}) only rows past the watermark on ${cursor}${lookback}.`,
      };
    case 'full_merge':
      return {
        first: 'Copies every source row.',
        next: `Upserts every source row on (${keys})${
          options.deleteMissing === 'hard'
            ? ' and deletes destination rows whose key left the source'
            : options.deleteMissing === 'soft'
              ? ` and sets ${SOFT_DELETE_COLUMN} on destination rows whose key left the source`
              : ''
        }.`,
      };
  }
}
