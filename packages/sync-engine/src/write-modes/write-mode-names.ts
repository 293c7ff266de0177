/**
 * Every write mode's stable name, in the order a UI offers them (the first is the default) — the
 * one definition of the names.
 *
 * A leaf module (no imports) so that browsers can validate a sync form against the same list
 * through `@pipecraft/sync-engine/terms` without bundling the drivers that the modes themselves
 * import. The registry in `index.ts` is keyed by these names, so the compiler refuses a name
 * without a mode and a mode without a name.
 */
export const WRITE_MODE_NAMES = ['truncate_insert'] as const;

/** A write mode's stable name, as stored on a Sync. */
export type WriteModeName = (typeof WRITE_MODE_NAMES)[number];
