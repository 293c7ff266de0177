import { describe, expect, it } from 'vitest';
import type { ConnectionDto, SyncDto } from '../api-port.js';
import { SYNC_DEFAULTS, type ConfigFile, type FileSync } from './config-schema.js';
import { planChanges } from './plan.js';

const now = new Date();
const stored: ConnectionDto = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'pg',
  dialect: 'postgres',
  host: 'db.internal',
  port: 5432,
  database: 'shop',
  username: 'reader',
  hasPassword: true,
  tlsMode: 'disable',
  hasTlsCaCert: false,
  hasTlsClientCert: false,
  hasTlsClientKey: false,
  ssh: null,
  isSource: true,
  isDestination: true,
  lastTest: null,
  listAllSchemas: false,
  usedBy: [],
  lastRun: null,
  createdAt: now,
  updatedAt: now,
};
const wanted: ConfigFile['connections'][number] = {
  name: 'pg',
  dialect: 'postgres',
  host: 'db.internal',
  port: 5432,
  database: 'shop',
  username: 'reader',
  password: 'whatever-the-environment-says',
  isSource: true,
  isDestination: true,
  listAllSchemas: false,
};
const endpoint = { connectionId: stored.id, connectionName: 'pg', schema: 'public' };
const storedSync: SyncDto = {
  id: '00000000-0000-4000-8000-000000000002',
  name: 's',
  description: null,
  source: { ...endpoint, table: 'a' },
  destination: { ...endpoint, table: 'b' },
  writeMode: 'full_refresh',
  createDestinationSchema: false,
  retry: { count: 0, backoffMs: 30_000 },
  pipelineId: null,
  keyColumns: null,
  cursorColumn: null,
  lookbackSeconds: null,
  deleteMissing: 'keep',
  columnMapping: null,
  driftPolicy: 'fail',
  watermark: null,
  createdAt: now,
  updatedAt: now,
  lastRun: null,
};

const wantedSync: FileSync = {
  ...SYNC_DEFAULTS,
  name: 's',
  source: { connection: 'pg', schema: 'public', table: 'a' },
  destination: { connection: 'pg', schema: 'public', table: 'b' },
};

describe('planChanges', () => {
  it('plans nothing when the store matches, a stored password counting as equal', () => {
    const file: ConfigFile = {
      version: 1,
      connections: [wanted],
      syncs: [wantedSync],
    };
    expect(planChanges(file, { connections: [stored], syncs: [storedSync] }).changes).toEqual([]);
  });

  it('plans nothing for mode options equal to the stored ones (empty lists and zero lookback are none)', () => {
    const merge: FileSync = {
      ...wantedSync,
      writeMode: 'incremental_merge',
      keyColumns: ['id'],
      cursorColumn: 'updated_at',
      lookbackSeconds: 60,
      columnMapping: [
        { source: 'id', include: true },
        { source: 'secret', include: false },
        { source: 'total', include: true, name: 'amount', type: 'numeric(12,2)' },
      ],
      retryCount: 2,
    };
    const have: SyncDto = {
      ...storedSync,
      writeMode: 'incremental_merge',
      keyColumns: ['id'],
      cursorColumn: 'updated_at',
      lookbackSeconds: 60,
      columnMapping: [
        { source: 'id', include: true, name: null, type: null },
        { source: 'secret', include: false },
        { source: 'total', include: true, name: 'amount', type: 'numeric(12,2)' },
      ],
      retry: { count: 2, backoffMs: 30_000 },
      watermark: { cursor: '2026-01-01', key: ['7'] },
    };
    const file: ConfigFile = { version: 1, connections: [wanted], syncs: [merge] };
    expect(planChanges(file, { connections: [stored], syncs: [have] }).changes).toEqual([]);
    const empty: ConfigFile = {
      version: 1,
      connections: [wanted],
      syncs: [{ ...wantedSync, keyColumns: [], columnMapping: [], lookbackSeconds: 0, cursorColumn: null }],
    };
    expect(planChanges(empty, { connections: [stored], syncs: [storedSync] }).changes).toEqual([]);
  });

  it('names every changed mode option and connection listAllSchemas', () => {
    const file: ConfigFile = {
      version: 1,
      connections: [{ ...wanted, listAllSchemas: true }],
      syncs: [
        {
          ...wantedSync,
          writeMode: 'incremental_merge',
          keyColumns: ['id', 'region'],
          cursorColumn: 'updated_at',
          lookbackSeconds: 30,
          deleteMissing: 'soft',
          columnMapping: [{ source: 'total', include: true, name: 'amount', type: 'numeric(12,2)' }],
          driftPolicy: 'add_columns',
          createDestinationSchema: true,
          retryCount: 3,
          retryBackoffMs: 1000,
        },
      ],
    };
    const plan = planChanges(file, { connections: [stored], syncs: [storedSync] });
    expect(plan.changes[0]?.action === 'update' && plan.changes[0].fields).toEqual([
      { field: 'listAllSchemas', before: 'false', after: 'true' },
    ]);
    expect(plan.changes[1]?.action === 'update' && plan.changes[1].fields).toEqual([
      { field: 'writeMode', before: 'full_refresh', after: 'incremental_merge' },
      { field: 'keyColumns', before: '(primary key)', after: 'id, region' },
      { field: 'cursorColumn', before: '(none)', after: 'updated_at' },
      { field: 'lookbackSeconds', before: '0', after: '30' },
      { field: 'deleteMissing', before: 'keep', after: 'soft' },
      { field: 'columnMapping', before: '(every column)', after: 'total as amount numeric(12,2)' },
      { field: 'driftPolicy', before: 'fail', after: 'add_columns' },
      { field: 'createDestinationSchema', before: 'false', after: 'true' },
      { field: 'retryCount', before: '0', after: '3' },
      { field: 'retryBackoffMs', before: '30000', after: '1000' },
    ]);
  });

  it('updates naming the fields, sets a password the store lacks, and deletes syncs before connections', () => {
    const file: ConfigFile = { version: 1, connections: [{ ...wanted, host: 'db2.internal' }], syncs: [] };
    const other = { ...stored, id: '00000000-0000-4000-8000-000000000003', name: 'old' };
    const plan = planChanges(file, { connections: [{ ...stored, hasPassword: false }, other], syncs: [storedSync] });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      'update connection pg',
      'delete sync s',
      'delete connection old',
    ]);
    expect(plan.changes[0]?.action === 'update' && plan.changes[0].fields).toEqual([
      { field: 'host', before: 'db.internal', after: 'db2.internal' },
      { field: 'password', before: '(none)', after: '(set)' },
    ]);
  });
});
