/**
 * The input of `runSync`. Apart from `contract.ts` because `writeMode` is typed by the write-mode
 * list (`write-modes/index.ts`), whose modes import the contract: here no cycle forms.
 */
import type { ConnectionConfig, TableRef } from './contract.js';
import type { PhaseEvent } from './run-phases.js';
import type { ColumnMapping } from './column-mapping.js';
import type { DriftPolicy } from './drift-policies.js';
import type { Watermark } from './watermark.js';
import type { DeleteMissingPolicy } from './write-modes/write-mode-names.js';
import type { WriteModeName } from './write-modes/index.js';

/** The name of a write strategy; kept as the API's name for `WriteModeName`. */
export type WriteMode = WriteModeName;

export interface SyncRequest {
  source: { connection: ConnectionConfig; table: TableRef };
  destination: { connection: ConnectionConfig; table: TableRef };
  /** One of `WRITE_MODE_NAMES`; anything else fails with ENGINE_ERROR before a connection opens. */
  writeMode: WriteModeName;
  /** Create the destination schema (database on MySQL) when it is missing, before the table. Default false. */
  createDestinationSchema?: boolean | undefined;
  /**
   * Merge modes: the source columns rows are matched on. Default: the source's primary key; a
   * table without one must name a unique key (SYNC_OPTIONS_INVALID otherwise).
   */
  keyColumns?: string[] | null | undefined;
  /** Incremental modes: the source column whose growth marks new or changed rows (integer, numeric, date, timestamp). */
  cursorColumn?: string | null | undefined;
  /** Incremental modes: where the read starts (the store's saved state); `null`/absent = from the beginning. */
  watermark?: Watermark | null | undefined;
  /** `incremental_merge` only: re-read rows whose cursor is this many seconds before the watermark (late rows). */
  lookbackSeconds?: number | null | undefined;
  /** `full_merge` only: what happens to destination rows whose key left the source. Default `keep`. */
  deleteMissing?: DeleteMissingPolicy | undefined;
  /** Which source columns are copied, renamed, retyped; absent = all, as they are. */
  columnMapping?: ColumnMapping[] | null | undefined;
  /** What a run does when the source's columns changed since the destination was created. Default `fail`. */
  driftPolicy?: DriftPolicy | undefined;
  /** Called now and then (at most a few times a second) with rows written so far. */
  onProgress?: (progress: { rowsCopied: number }) => void;
  /**
   * The runner's id for this run. A full refresh writes it into the destination table's comment
   * in the same atomic step as the rows, so `readRunMarker` can later tell whether they landed.
   */
  runId?: string | undefined;
  /**
   * How long the run waits, in all, for locks other sessions hold on the destination table before
   * it fails with LOCK_TIMEOUT, in ms. Default `DEFAULT_LOCK_WAIT_MS` (5 minutes).
   */
  lockWaitMs?: number | undefined;
  /** Called with "waiting for a lock held by …" while the run waits for another session's lock, `null` once it has it. */
  onWait?: ((detail: string | null) => void) | undefined;
  /** Called as each step of the run begins (`RUN_PHASES` order; a mode may skip one); the previous step ends there. */
  onPhase?: ((event: PhaseEvent) => void) | undefined;
  /** Aborting cancels the run; the destination keeps its previous rows. */
  signal?: AbortSignal;
}
