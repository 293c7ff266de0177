import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import {
  WRITE_MODE_NAMES,
  type DeleteMissingPolicy,
  type DriftPolicy,
  type WriteModeName,
} from '@pipecraft/sync-engine/terms';
import { Connection } from './connection.js';
import { Pipeline } from './pipeline.js';

/** How a sync writes its destination: one of the engine's write modes. */
export type SyncWriteMode = WriteModeName;

/** A configured table pair: copy `source` into `destination`. */
export class Sync {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?:
    | 'id'
    | 'writeMode'
    | 'createDestinationSchema'
    | 'retryCount'
    | 'retryBackoffMs'
    | 'pipeline'
    | 'keyColumnsJson'
    | 'cursorColumn'
    | 'lookbackSeconds'
    | 'deleteMissing'
    | 'columnMappingJson'
    | 'driftPolicy'
    | 'watermarkJson'
    | 'createdAt'
    | 'updatedAt';
  id: string = randomUUID();
  name!: string;
  description: string | null = null;
  sourceConnection!: Connection;
  sourceSchema!: string;
  sourceTable!: string;
  destinationConnection!: Connection;
  destinationSchema!: string;
  destinationTable!: string;
  /** New syncs take the engine's first (default) write mode. */
  writeMode: SyncWriteMode = WRITE_MODE_NAMES[0];
  /** The run creates the destination schema (a database on MySQL) when it is missing. */
  createDestinationSchema = false;
  /** Further attempts after a transient failure (a lost connection, a lock or deadlock timeout); 0 = none. */
  retryCount = 0;
  /** Wait before the first retry, in ms; doubles for each further one. */
  retryBackoffMs = 30_000;
  /** The pipeline this sync was created by and is run with; `null` for a sync on its own. */
  pipeline: Pipeline | null = null;
  /** JSON array of source column names a merge matches on; `null` = the source's primary key. */
  keyColumnsJson: string | null = null;
  /** The column an incremental mode follows; `null` for other modes. */
  cursorColumn: string | null = null;
  /** `incremental_merge`: seconds re-read before the watermark; `null` = none. */
  lookbackSeconds: number | null = null;
  /** `full_merge`: what happens to destination rows whose key left the source. */
  deleteMissing: DeleteMissingPolicy = 'keep';
  /** JSON array of `{ source, include, name?, type? }`; `null` = every column as it is. */
  columnMappingJson: string | null = null;
  driftPolicy: DriftPolicy = 'fail';
  /**
   * JSON `{ cursor, key[] }`: where the next incremental read starts, saved with the run that
   * committed it (decision 121); `null` = from the beginning.
   */
  watermarkJson: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const SyncSchema = new EntitySchema<Sync>({
  class: Sync,
  tableName: 'pc_syncs',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    name: { type: 'string', length: 200, unique: 'pc_syncs_name_unique' },
    description: { type: 'text', nullable: true },
    // eager: a sync is useless to every caller without its two connections.
    sourceConnection: { kind: 'm:1', entity: () => Connection, fieldName: 'source_connection_id', eager: true },
    sourceSchema: { type: 'string', length: 255 },
    sourceTable: { type: 'string', length: 255 },
    destinationConnection: {
      kind: 'm:1',
      entity: () => Connection,
      fieldName: 'destination_connection_id',
      eager: true,
    },
    destinationSchema: { type: 'string', length: 255 },
    destinationTable: { type: 'string', length: 255 },
    writeMode: { type: 'string', length: 32 },
    createDestinationSchema: { type: 'boolean', default: false },
    retryCount: { type: 'integer' },
    retryBackoffMs: { type: 'integer' },
    pipeline: { kind: 'm:1', entity: () => Pipeline, fieldName: 'pipeline_id', nullable: true },
    keyColumnsJson: { type: 'text', nullable: true, fieldName: 'key_columns' },
    cursorColumn: { type: 'string', length: 255, nullable: true },
    lookbackSeconds: { type: 'integer', nullable: true },
    deleteMissing: { type: 'string', length: 8 },
    columnMappingJson: { type: 'text', nullable: true, fieldName: 'column_mapping' },
    driftPolicy: { type: 'string', length: 16 },
    watermarkJson: { type: 'text', nullable: true, fieldName: 'watermark' },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
