import type { Sync, SyncRun } from '@pipecraft/store';
import type { SyncDto } from '../schemas/sync.js';
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
    createdAt: sync.createdAt,
    updatedAt: sync.updatedAt,
    lastRun: lastRun ? toRunDto(lastRun) : null,
  };
}
