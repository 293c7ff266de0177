import type { RunConfigSnapshot, Sync } from '@pipecraft/store';

/** The run columns that keep the sync as it was when the run was created (history survives edits). */
export interface RunSnapshotFields {
  configJson: string;
  sourceConnectionId: string;
  destinationConnectionId: string;
}

/** `sync` with both connections loaded. Names and tables only: nothing secret is copied. */
export function snapshotOf(sync: Sync): RunSnapshotFields {
  const snapshot: RunConfigSnapshot = {
    syncName: sync.name,
    writeMode: sync.writeMode,
    source: {
      connectionId: sync.sourceConnection.id,
      connectionName: sync.sourceConnection.name,
      dialect: sync.sourceConnection.dialect,
      schema: sync.sourceSchema,
      table: sync.sourceTable,
    },
    destination: {
      connectionId: sync.destinationConnection.id,
      connectionName: sync.destinationConnection.name,
      dialect: sync.destinationConnection.dialect,
      schema: sync.destinationSchema,
      table: sync.destinationTable,
    },
  };
  return {
    configJson: JSON.stringify(snapshot),
    sourceConnectionId: sync.sourceConnection.id,
    destinationConnectionId: sync.destinationConnection.id,
  };
}
