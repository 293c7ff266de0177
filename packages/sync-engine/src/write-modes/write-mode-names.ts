/**
 * Every write mode's stable name, in the order a UI offers them (the first is the default) — the
 * one definition of the names.
 *
 * A leaf module (no imports) so that browsers can validate a sync form against the same list
 * through `@pipecraft/sync-engine/terms` without bundling the drivers that the modes themselves
 * import. The registry in `index.ts` is keyed by these names, so the compiler refuses a name
 * without a mode and a mode without a name.
 */
export const WRITE_MODE_NAMES = [
  'full_refresh',
  'append',
  'incremental_append',
  'incremental_merge',
  'full_merge',
] as const;

/** A write mode's stable name, as stored on a Sync. */
export type WriteModeName = (typeof WRITE_MODE_NAMES)[number];

/** Modes that read only rows past the saved watermark: they need a cursor column. */
export const CURSOR_WRITE_MODES: readonly WriteModeName[] = ['incremental_append', 'incremental_merge'];

/** Modes that upsert on key columns: they need a primary key (or a chosen unique key). */
export const KEYED_WRITE_MODES: readonly WriteModeName[] = ['incremental_merge', 'full_merge'];

/**
 * What `full_merge` does with destination rows whose key is no longer in the source: `keep` them,
 * `hard` delete them, or `soft` delete them by setting `_pipecraft_deleted_at`.
 */
export const DELETE_MISSING_POLICIES = ['keep', 'hard', 'soft'] as const;
export type DeleteMissingPolicy = (typeof DELETE_MISSING_POLICIES)[number];

/** The column a soft delete sets (and a row that comes back clears). */
export const SOFT_DELETE_COLUMN = '_pipecraft_deleted_at';
