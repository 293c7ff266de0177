import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { WRITE_MODE_NAMES, type WriteModeName } from '@pipecraft/sync-engine/terms';
import { Connection } from './connection.js';
import { NAMING_RULES, type NamingRule } from '../naming-rules.js';

/**
 * A group of syncs created together from one source schema into one destination schema (one sync
 * per table), run, scheduled and paused together. Its members are the syncs whose `pipeline` is it.
 */
export class Pipeline {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?:
    'id' | 'namingRule' | 'namingAffix' | 'writeMode' | 'concurrency' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  name!: string;
  sourceConnection!: Connection;
  sourceSchema!: string;
  destinationConnection!: Connection;
  destinationSchema!: string;
  /** How a member's destination table is named from its source table. */
  namingRule: NamingRule = NAMING_RULES[0];
  /** The prefix or suffix (empty for `same`). */
  namingAffix = '';
  writeMode: WriteModeName = WRITE_MODE_NAMES[0];
  /** Members running at once when the pipeline runs (the runner's caps still apply on top). */
  concurrency = 2;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const PipelineSchema = new EntitySchema<Pipeline>({
  class: Pipeline,
  tableName: 'pc_pipelines',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    name: { type: 'string', length: 200, unique: 'pc_pipelines_name_unique' },
    sourceConnection: { kind: 'm:1', entity: () => Connection, fieldName: 'source_connection_id', eager: true },
    sourceSchema: { type: 'string', length: 255 },
    destinationConnection: {
      kind: 'm:1',
      entity: () => Connection,
      fieldName: 'destination_connection_id',
      eager: true,
    },
    destinationSchema: { type: 'string', length: 255 },
    namingRule: { type: 'string', length: 16 },
    namingAffix: { type: 'string', length: 64 },
    writeMode: { type: 'string', length: 32 },
    concurrency: { type: 'integer' },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
