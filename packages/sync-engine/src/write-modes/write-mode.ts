/**
 * What a write mode is, as types only. A write mode decides where a run's rows land and when
 * readers of the destination see them; the byte path itself is `transfer.ts`, and `run-sync.ts`
 * connects, plans and locks before it hands over.
 */
import type { TableRef } from '../contract.js';
import type { DialectSession, LockWaitOptions, ReadRange } from '../dialect.js';
import type { PreparedSync } from '../plan-sync.js';
import type { RunPhase } from '../run-phases.js';
import type { TransferOutcome } from '../transfer.js';
import type { Watermark } from '../watermark.js';
import type { SyncOptions } from './sync-options.js';

/** What a UI shows for a write mode. */
export interface WriteModeDescriptor<Name extends string = string> {
  /** Stable name, stored on a Sync and accepted by the API. */
  name: Name;
  /** Short, for a select: `Full refresh`. */
  label: string;
  /** One sentence for the UI: what the destination's readers see. */
  description: string;
}

/** Everything a write mode gets from the run: open sessions, the plan, and the byte path. */
export interface WriteModeContext {
  source: DialectSession;
  /** Locked against other runs writing the same table until the mode returns. */
  destination: DialectSession;
  /** The destination table the user named. */
  live: TableRef;
  prepared: PreparedSync;
  /**
   * The run's id, written as the table's run marker (`run-marker.ts`) in the same atomic step as
   * the rows; absent = no marker (e.g. the engine called outside the runner).
   */
  runId?: string;
  /** Bounded, visible waits for locks other sessions hold on the destination table. */
  lockWait: LockWaitOptions;
  /** The mode's options, checked against the tables (keys, cursor, watermark, lookback, delete-missing). */
  options: SyncOptions;
  /**
   * Move the source's rows into `target` (the live table or one the mode created), reporting
   * progress: every row, or with `range` only those past the watermark, in `(cursor, key)` order.
   */
  transfer(target: TableRef, range?: ReadRange): Promise<TransferOutcome>;
  /** Marks the start of a step (`create`, `copy`, `verify`, `commit`) for the run's record. */
  enterPhase(phase: RunPhase): void;
  /** A fresh destination session, for cleanup when the run's own session is what broke. Close it. */
  reconnectDestination(): Promise<DialectSession>;
}

/** What a mode did, once the destination shows it. */
export interface WriteResult extends TransferOutcome {
  rowsInserted: number;
  rowsUpdated: number;
  rowsDeleted: number;
  /** Cursor modes: the watermark committed with the rows (unchanged when no new row came). */
  watermark?: Watermark | null;
}

export interface WriteModeDefinition<Name extends string = string> extends WriteModeDescriptor<Name> {
  /** Write the rows; resolves when the destination shows them, with the counts already checked. */
  write(context: WriteModeContext): Promise<WriteResult>;
}
