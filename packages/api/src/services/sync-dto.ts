import type { Sync, SyncRun } from '@pipecraft/store';
import type { Watermark } from '@pipecraft/sync-engine/terms';
import type { ColumnMappingEntry, SyncDto } from '../schemas/sync.js';
import { toRunDto } from './run-dto.js';

/** Entity → DTO; connections are eager on Sync, `lastRun` is looked up by the caller. */
export function toSyncDto(sync: Sync, lastRun: SyncRun | null): SyncDto {
  return {
    id: sync.id,
    name: sync.name,
    description: sync.description,
    source: {
      connectionId: sync.sourceConnection.id,
      connectionName: sync.sourceConnection.name,
      schema: sync.sourceSchema,
      table: sync.sourceTable,
    },
    destination: {
      connectionId: sync.destinationConnection.id,
      connectionName: sync.destinationConnection.name,
      schema: sync.destinationSchema,
      table: sync.destinationTable,
    },
    writeMode: sync.writeMode,
    createDestinationSchema: sync.createDestinationSchema,
    retry: { count: sync.retryCount, backoffMs: sync.retryBackoffMs },
    pipelineId: sync.pipeline?.id ?? null,
    keyColumns: parseJson<string[]>(sync.keyColumnsJson),
    cursorColumn: sync.cursorColumn,
    lookbackSeconds: sync.lookbackSeconds,
    deleteMissing: sync.deleteMissing,
    columnMapping: parseJson<ColumnMappingEntry[]>(sync.columnMappingJson),
    driftPolicy: sync.driftPolicy,
    watermark: parseJson<Watermark>(sync.watermarkJson),
    createdAt: sync.createdAt,
    updatedAt: sync.updatedAt,
    lastRun: lastRun ? toRunDto(lastRun) : null,
  };
}

/** A JSON column of the store; `null` stays `null`. */
function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
