import * as syncEngine from '@pipecraft/sync-engine';
import type { ConnectionConfig, RunState, SyncRequest, SyncResult, TableRef } from '@pipecraft/sync-engine';

/**
 * The part of `@pipecraft/sync-engine` a run calls. The runner receives it as a dependency so the
 * host wires the real engine once (and a test may wrap it, e.g. to hold a run open or count calls).
 */
export interface RunEngine {
  runSync(request: SyncRequest): Promise<SyncResult>;
  /** The run whose rows a destination table holds (its run marker); `null` when none. */
  readRunMarker(config: ConnectionConfig, table: TableRef): Promise<string | null>;
  /**
   * The append and merge modes' marker (the destination's run-state row) with the watermark
   * committed beside the rows; `null` when none. Optional: an engine without those modes has none.
   */
  readRunState?(config: ConnectionConfig, table: TableRef): Promise<RunState | null>;
}

/** The real engine. */
export const defaultRunEngine: RunEngine = syncEngine;
