import { describe, expect, it } from 'vitest';
import type { ConnectionDto, SyncDto } from '../api-port.js';
import { exportConfig } from './export-config.js';
import { planChanges } from './plan.js';
import { readConfigFile } from './read-config-file.js';

const now = new Date();
const connection: ConnectionDto = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'pg',
  dialect: 'postgres',
  host: 'db.internal',
  port: 5432,
  database: 'shop',
  username: 'reader',
  hasPassword: false,
  tlsMode: 'disable',
  hasTlsCaCert: false,
  hasTlsClientCert: false,
  hasTlsClientKey: false,
  ssh: null,
  isSource: true,
  isDestination: true,
  lastTest: null,
  listAllSchemas: true,
  usedBy: [],
  lastRun: null,
  createdAt: now,
  updatedAt: now,
};
const endpoint = { connectionId: connection.id, connectionName: 'pg', schema: 'public' };
const plain: SyncDto = {
  id: '00000000-0000-4000-8000-000000000002',
  name: 'plain',
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
const merge: SyncDto = {
  ...plain,
  id: '00000000-0000-4000-8000-000000000003',
  name: 'merge',
  writeMode: 'incremental_merge',
  keyColumns: ['id'],
  cursorColumn: 'updated_at',
  lookbackSeconds: 60,
  deleteMissing: 'soft',
  columnMapping: [
    { source: 'id', include: true, name: null, type: null },
    { source: 'total', include: true, name: 'amount', type: 'numeric(12,2)' },
  ],
  driftPolicy: 'recreate',
  createDestinationSchema: true,
  retry: { count: 3, backoffMs: 1000 },
  watermark: { cursor: '2026-01-01 00:00:00', key: ['7'] },
};

describe('exportConfig', () => {
  const store = { connections: [connection], syncs: [plain, merge] };
  const text = exportConfig(store);

  it('writes only the options that differ from the defaults, and never the watermark', () => {
    const plainPart = text.slice(text.indexOf('- name: plain'));
    expect(plainPart).not.toMatch(/deleteMissing|driftPolicy|retry|keyColumns|cursorColumn|columnMapping/);
    expect(text).toContain('listAllSchemas: true');
    expect(text).toContain('cursorColumn: updated_at');
    expect(text).toContain('retryBackoffMs: 1000');
    expect(text).not.toContain('watermark');
    expect(text).not.toContain('2026-01-01');
  });

  it('reads back into a file that plans nothing against the store it came from', () => {
    const file = readConfigFile(text, 'exported.yaml', {});
    expect(file.syncs.find((sync) => sync.name === 'merge')?.columnMapping).toEqual([
      { source: 'id', include: true },
      { source: 'total', include: true, name: 'amount', type: 'numeric(12,2)' },
    ]);
    expect(planChanges(file, store).changes).toEqual([]);
  });
});
