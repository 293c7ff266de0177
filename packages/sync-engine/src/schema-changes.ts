/**
 * Schema drift, structured: how a source column differs from the destination's, and what the
 * sync's drift policy did about it. A leaf module: the store, the API's zod enums and the web read
 * the names and wording from here through `@pipecraft/sync-engine/terms`.
 */
export const SCHEMA_CHANGE_KINDS = ['added', 'dropped', 'type_changed'] as const;
export type SchemaChangeKind = (typeof SCHEMA_CHANGE_KINDS)[number];

/** What PipeCraft did about one change, worded for people. */
export const SCHEMA_CHANGE_ACTIONS = {
  column_added: 'Added to the destination with ALTER TABLE (nullable)',
  kept_null: 'Kept in the destination and filled with NULL',
  table_recreated: 'Destination table recreated from the source',
  run_failed: 'Run failed; the destination was not changed',
} as const;
export type SchemaChangeAction = keyof typeof SCHEMA_CHANGE_ACTIONS;

/**
 * One column whose shape differs between source and destination. Only differences a drift policy
 * acts on are listed: a type change is one the destination's column cannot hold (a compatible
 * one, int into bigint, is written as before and is not drift).
 */
export interface SchemaChange {
  /** The column's destination name (after a column mapping's rename). */
  column: string;
  change: SchemaChangeKind;
  /** The source's native type now; `null` for a column the source no longer has. */
  sourceType: string | null;
  /** The destination's native type before the run; `null` for a column new in the source. */
  destinationType: string | null;
  action: SchemaChangeAction;
}
