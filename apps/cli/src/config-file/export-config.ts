import { Document } from 'yaml';
import type { ConnectionDto, SyncDto } from '../api-port.js';
import { NO_TLS, SYNC_DEFAULTS } from './config-schema.js';

/**
 * The store's connections and syncs as a configuration file that `apply` reads back. Every secret
 * the store holds becomes a `${VARIABLE}` reference named after its connection; the values never
 * leave the store (the API does not return them), and the header lists the variables to set.
 */
export function exportConfig(current: { connections: ConnectionDto[]; syncs: SyncDto[] }): string {
  const variables: string[] = [];
  const reference = (connection: string, secret: string): string => {
    const name = `${variableStem(connection)}_${secret}`;
    variables.push(name);
    return `\${${name}}`;
  };
  const connections = [...current.connections]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => {
      const tls =
        c.tlsMode === NO_TLS && !c.hasTlsCaCert && !c.hasTlsClientCert && !c.hasTlsClientKey
          ? undefined
          : {
              mode: c.tlsMode,
              ...(c.hasTlsCaCert ? { caCert: reference(c.name, 'TLS_CA_CERT') } : {}),
              ...(c.hasTlsClientCert ? { clientCert: reference(c.name, 'TLS_CLIENT_CERT') } : {}),
              ...(c.hasTlsClientKey ? { clientKey: reference(c.name, 'TLS_CLIENT_KEY') } : {}),
            };
      const ssh = c.ssh
        ? {
            host: c.ssh.host,
            port: c.ssh.port,
            user: c.ssh.user,
            hostKeyFingerprint: c.ssh.hostKeyFingerprint,
            ...(c.ssh.hasPrivateKey ? { privateKey: reference(c.name, 'SSH_PRIVATE_KEY') } : {}),
            ...(c.ssh.hasPassword ? { password: reference(c.name, 'SSH_PASSWORD') } : {}),
          }
        : undefined;
      return {
        name: c.name,
        dialect: c.dialect,
        host: c.host,
        port: c.port,
        database: c.database,
        username: c.username,
        ...(c.hasPassword ? { password: reference(c.name, 'PASSWORD') } : {}),
        isSource: c.isSource,
        isDestination: c.isDestination,
        ...(c.listAllSchemas ? { listAllSchemas: true } : {}),
        ...(tls ? { tls } : {}),
        ...(ssh ? { ssh } : {}),
      };
    });
  const syncs = [...current.syncs]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({
      name: s.name,
      ...(s.description ? { description: s.description } : {}),
      source: { connection: s.source.connectionName, schema: s.source.schema, table: s.source.table },
      destination: {
        connection: s.destination.connectionName,
        schema: s.destination.schema,
        table: s.destination.table,
      },
      writeMode: s.writeMode,
      // Options only where they differ from the API's defaults, so the file stays short.
      ...(s.keyColumns && s.keyColumns.length > 0 ? { keyColumns: s.keyColumns } : {}),
      ...(s.cursorColumn ? { cursorColumn: s.cursorColumn } : {}),
      ...(s.lookbackSeconds ? { lookbackSeconds: s.lookbackSeconds } : {}),
      ...(s.deleteMissing !== SYNC_DEFAULTS.deleteMissing ? { deleteMissing: s.deleteMissing } : {}),
      ...(s.columnMapping && s.columnMapping.length > 0 ? { columnMapping: s.columnMapping.map(mappingEntry) } : {}),
      ...(s.driftPolicy !== SYNC_DEFAULTS.driftPolicy ? { driftPolicy: s.driftPolicy } : {}),
      ...(s.createDestinationSchema !== SYNC_DEFAULTS.createDestinationSchema
        ? { createDestinationSchema: s.createDestinationSchema }
        : {}),
      ...(s.retry.count !== SYNC_DEFAULTS.retryCount ? { retryCount: s.retry.count } : {}),
      ...(s.retry.backoffMs !== SYNC_DEFAULTS.retryBackoffMs ? { retryBackoffMs: s.retry.backoffMs } : {}),
    }));
  const doc = new Document({ version: 1, connections, syncs });
  doc.commentBefore = [
    ' PipeCraft connections and syncs. Apply with: pipecraft apply -f <this file>',
    ' Secrets are not in this file: set these environment variables before applying.',
    ...(variables.length > 0 ? variables.map((name) => `   ${name}`) : ['   (none)']),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** A mapping entry without its empty parts: `name` and `type` only when set. */
function mappingEntry(entry: NonNullable<SyncDto['columnMapping']>[number]) {
  return {
    source: entry.source,
    include: entry.include,
    ...(entry.name ? { name: entry.name } : {}),
    ...(entry.type ? { type: entry.type } : {}),
  };
}

/** `warehouse-eu 2` → `WAREHOUSE_EU_2`; a leading digit gets a `PC_` prefix (variable names cannot start with one). */
function variableStem(connectionName: string): string {
  const stem = connectionName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(stem) ? stem : `PC_${stem}`;
}
