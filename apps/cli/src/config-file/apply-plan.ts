import type { RouterInputs } from '@pipecraft/api';
import type { PipecraftApi } from '../api-port.js';
import { NO_TLS, type FileConnection, type FileSync } from './config-schema.js';
import type { Plan, PlannedChange } from './plan.js';

/**
 * Carries out a plan in its order, reporting each change as it is made. It stops at the first
 * refusal (the API's message names what and why); what was done before stays done, and applying
 * the file again continues from there.
 */
export async function applyPlan(
  api: PipecraftApi,
  plan: Plan,
  connectionIds: ReadonlyMap<string, string>,
  done: (change: PlannedChange) => void,
): Promise<void> {
  const ids = new Map(connectionIds);
  const idOf = (name: string): string => {
    const id = ids.get(name);
    // The file's own check (config-schema.ts) makes every named connection exist by now.
    if (!id) throw new Error(`connection "${name}" is missing from the store`);
    return id;
  };
  for (const change of plan.changes) {
    switch (change.kind) {
      case 'connection':
        if (change.action === 'create') {
          ids.set(change.name, (await api.connections.create(connectionInput(change.want))).id);
        } else if (change.action === 'update') {
          await api.connections.update({ id: change.id, ...connectionInput(change.want) });
        } else {
          await api.connections.delete({ id: change.id });
        }
        break;
      case 'sync':
        if (change.action === 'create') {
          await api.syncs.create(syncInput(change.want, idOf));
        } else if (change.action === 'update') {
          await api.syncs.update({ id: change.id, ...syncInput(change.want, idOf) });
        } else {
          await api.syncs.delete({ id: change.id });
        }
        break;
    }
    done(change);
  }
}

/** Every field the file gives, secrets included (resolved from the environment by now). */
function connectionInput(want: FileConnection): RouterInputs['connections']['create'] {
  return {
    name: want.name,
    dialect: want.dialect,
    host: want.host,
    port: want.port,
    database: want.database,
    username: want.username,
    isSource: want.isSource,
    isDestination: want.isDestination,
    listAllSchemas: want.listAllSchemas,
    ...(want.password !== undefined ? { password: want.password } : {}),
    tlsMode: want.tls?.mode ?? NO_TLS,
    ...(want.tls?.caCert !== undefined ? { tlsCaCert: want.tls.caCert } : {}),
    ...(want.tls?.clientCert !== undefined ? { tlsClientCert: want.tls.clientCert } : {}),
    ...(want.tls?.clientKey !== undefined ? { tlsClientKey: want.tls.clientKey } : {}),
    ssh: want.ssh ?? null,
  };
}

function syncInput(want: FileSync, idOf: (name: string) => string): RouterInputs['syncs']['create'] {
  return {
    name: want.name,
    description: want.description ?? null,
    sourceConnectionId: idOf(want.source.connection),
    sourceSchema: want.source.schema,
    sourceTable: want.source.table,
    destinationConnectionId: idOf(want.destination.connection),
    destinationSchema: want.destination.schema,
    destinationTable: want.destination.table,
    writeMode: want.writeMode,
    // Every option, omitted ones as the API's defaults (null = none), so an update clears what the file dropped.
    keyColumns: want.keyColumns ?? null,
    cursorColumn: want.cursorColumn ?? null,
    lookbackSeconds: want.lookbackSeconds ?? null,
    deleteMissing: want.deleteMissing,
    columnMapping: want.columnMapping ?? null,
    driftPolicy: want.driftPolicy,
    createDestinationSchema: want.createDestinationSchema,
    retryCount: want.retryCount,
    retryBackoffMs: want.retryBackoffMs,
  };
}
