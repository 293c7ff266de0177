import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { WRITE_MODE_NAMES, type WriteModeName } from '@pipecraft/sync-engine/terms';
import { Connection } from './connection.js';

/** How a sync writes its destination: one of the engine's write modes. */
export type SyncWriteMode = WriteModeName;

/** A configured table pair: copy `source` into `destination`. */
export class Sync {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'writeMode' | 'createDestinationSchema' | 'createdAt' | 'updatedAt';
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
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
