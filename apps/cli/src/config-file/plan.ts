import type { ConnectionDto, SyncDto } from '../api-port.js';
import { NO_TLS, type ConfigFile, type FileConnection, type FileSync } from './config-schema.js';

/** One field that differs: what the store has and what the file says. */
interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export type PlannedChange =
  | { action: 'create'; kind: 'connection'; name: string; want: FileConnection }
  | { action: 'update'; kind: 'connection'; name: string; id: string; want: FileConnection; fields: FieldChange[] }
  | { action: 'delete'; kind: 'connection'; name: string; id: string }
  | { action: 'create'; kind: 'sync'; name: string; want: FileSync }
  | { action: 'update'; kind: 'sync'; name: string; id: string; want: FileSync; fields: FieldChange[] }
  | { action: 'delete'; kind: 'sync'; name: string; id: string };

/**
 * What `apply` would change, in the order it changes it: connections first (syncs name them),
 * then syncs, then deletions of syncs and last of connections (a connection in use cannot go).
 * The file is the whole truth: what the store has and the file does not is deleted.
 */
export interface Plan {
  changes: PlannedChange[];
}

export function planChanges(file: ConfigFile, current: { connections: ConnectionDto[]; syncs: SyncDto[] }): Plan {
  const connectionsByName = new Map(current.connections.map((connection) => [connection.name, connection]));
  const syncsByName = new Map(current.syncs.map((sync) => [sync.name, sync]));
  const changes: PlannedChange[] = [];

  for (const want of file.connections) {
    const have = connectionsByName.get(want.name);
    if (!have) {
      changes.push({ action: 'create', kind: 'connection', name: want.name, want });
      continue;
    }
    const fields = connectionDifferences(have, want);
    if (fields.length > 0)
      changes.push({ action: 'update', kind: 'connection', name: want.name, id: have.id, want, fields });
  }
  for (const want of file.syncs) {
    const have = syncsByName.get(want.name);
    if (!have) {
      changes.push({ action: 'create', kind: 'sync', name: want.name, want });
      continue;
    }
    const fields = syncDifferences(have, want);
    if (fields.length > 0) changes.push({ action: 'update', kind: 'sync', name: want.name, id: have.id, want, fields });
  }
  const inFile = {
    connections: new Set(file.connections.map((c) => c.name)),
    syncs: new Set(file.syncs.map((s) => s.name)),
  };
  for (const have of current.syncs) {
    if (!inFile.syncs.has(have.name)) changes.push({ action: 'delete', kind: 'sync', name: have.name, id: have.id });
  }
  for (const have of current.connections) {
    if (!inFile.connections.has(have.name)) {
      changes.push({ action: 'delete', kind: 'connection', name: have.name, id: have.id });
    }
  }
  return { changes };
}

/**
 * Fields the store shows. Secrets cannot be compared (the store never gives them back): one the
 * store lacks and the file gives is a change; one both have is taken as equal, and is sent again
 * only with another change to the connection (which may need it: decision 156).
 */
function connectionDifferences(have: ConnectionDto, want: FileConnection): FieldChange[] {
  const pairs: Array<[string, unknown, unknown]> = [
    ['dialect', have.dialect, want.dialect],
    ['host', have.host, want.host],
    ['port', have.port, want.port],
    ['database', have.database, want.database],
    ['username', have.username, want.username],
    ['isSource', have.isSource, want.isSource],
    ['isDestination', have.isDestination, want.isDestination],
    ['listAllSchemas', have.listAllSchemas, want.listAllSchemas],
    ['tls.mode', have.tlsMode, want.tls?.mode ?? NO_TLS],
    ['ssh', sshText(have.ssh), sshText(want.ssh ?? null)],
    ['password', secretText(have.hasPassword), secretText(have.hasPassword || want.password !== undefined)],
    ['tls.caCert', secretText(have.hasTlsCaCert), secretText(have.hasTlsCaCert || want.tls?.caCert !== undefined)],
    [
      'tls.clientCert',
      secretText(have.hasTlsClientCert),
      secretText(have.hasTlsClientCert || want.tls?.clientCert !== undefined),
    ],
    [
      'tls.clientKey',
      secretText(have.hasTlsClientKey),
      secretText(have.hasTlsClientKey || want.tls?.clientKey !== undefined),
    ],
  ];
  return differences(pairs);
}

function syncDifferences(have: SyncDto, want: FileSync): FieldChange[] {
  return differences([
    ['description', have.description ?? '', want.description ?? ''],
    [
      'source',
      endpointText(have.source.connectionName, have.source),
      endpointText(want.source.connection, want.source),
    ],
    [
      'destination',
      endpointText(have.destination.connectionName, have.destination),
      endpointText(want.destination.connection, want.destination),
    ],
    ['writeMode', have.writeMode, want.writeMode],
    ['keyColumns', keyText(have.keyColumns), keyText(want.keyColumns)],
    ['cursorColumn', have.cursorColumn || '(none)', want.cursorColumn || '(none)'],
    ['lookbackSeconds', have.lookbackSeconds || 0, want.lookbackSeconds || 0],
    ['deleteMissing', have.deleteMissing, want.deleteMissing],
    ['columnMapping', mappingText(have.columnMapping), mappingText(want.columnMapping)],
    ['driftPolicy', have.driftPolicy, want.driftPolicy],
    ['createDestinationSchema', have.createDestinationSchema, want.createDestinationSchema],
    ['retryCount', have.retry.count, want.retryCount],
    ['retryBackoffMs', have.retry.backoffMs, want.retryBackoffMs],
  ]);
}

/* The store keeps an empty list, an empty cursor and a zero lookback as "none" (null): so do these texts. */

function keyText(columns: readonly string[] | null | undefined): string {
  return columns && columns.length > 0 ? columns.join(', ') : '(primary key)';
}

function mappingText(mapping: FileSync['columnMapping']): string {
  if (!mapping || mapping.length === 0) return '(every column)';
  return mapping
    .map(
      (entry) =>
        `${entry.source}${entry.include ? '' : ' (excluded)'}${entry.name ? ` as ${entry.name}` : ''}` +
        `${entry.type ? ` ${entry.type}` : ''}`,
    )
    .join('; ');
}

function differences(pairs: Array<[string, unknown, unknown]>): FieldChange[] {
  return pairs
    .filter(([, before, after]) => String(before) !== String(after))
    .map(([field, before, after]) => ({ field, before: String(before), after: String(after) }));
}

function endpointText(connection: string, at: { schema: string; table: string }): string {
  return `${connection}:${at.schema}.${at.table}`;
}

function secretText(present: boolean): string {
  return present ? '(set)' : '(none)';
}

function sshText(ssh: { host: string; port: number; user: string; hostKeyFingerprint: string } | null): string {
  return ssh ? `${ssh.user}@${ssh.host}:${ssh.port} ${ssh.hostKeyFingerprint}` : '(direct)';
}

/** How many of each action, for the plan's summary line. */
export function countChanges(plan: Plan): Record<PlannedChange['action'], number> {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const change of plan.changes) counts[change.action]++;
  return counts;
}
