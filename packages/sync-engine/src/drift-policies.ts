/**
 * What a run does when the source's columns changed since the destination was created — the one
 * definition of the names (a leaf module, for `@pipecraft/sync-engine/terms`):
 * - `fail`: refuse with DESTINATION_MISMATCH, change nothing (the behaviour before issue 11);
 * - `add_columns`: add new source columns to the destination (nullable, `ALTER TABLE … ADD`);
 *   destination columns the source dropped are kept and filled with NULL;
 * - `recreate`: the run is a full refresh into a table created anew from the source.
 */
export const DRIFT_POLICIES = ['fail', 'add_columns', 'recreate'] as const;
export type DriftPolicy = (typeof DRIFT_POLICIES)[number];
