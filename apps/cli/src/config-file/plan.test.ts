import { describe, expect, it } from 'vitest';
import type { ConnectionDto, SyncDto } from '../api-port.js';
import type { ConfigFile } from './config-schema.js';
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

describe('planChanges', () => {
  it('plans nothing when the store matches, a stored password counting as equal', () => {
    const file: ConfigFile = {
      version: 1,
      connections: [wanted],
      syncs: [
        {
          name: 's',
          source: { connection: 'pg', schema: 'public', table: 'a' },
          destination: { connection: 'pg', schema: 'public', table: 'b' },
          writeMode: 'full_refresh',
        },
      ],
    };
    expect(planChanges(file, { connections: [stored], syncs: [storedSync] }).changes).toEqual([]);
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
