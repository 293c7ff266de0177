/**
 * The steps of a run, in order — the one definition; the runner records each one's timing and the
 * web labels them. A leaf module (no imports), exported through `@pipecraft/sync-engine/terms`.
 * `lock`: waiting for other runs' and other sessions' locks on the destination table.
 * `commit`: the step that makes the rows visible (COMMIT, or the RENAME swap).
 */
export const RUN_PHASES = ['connect', 'plan', 'lock', 'create', 'copy', 'verify', 'commit'] as const;

export type RunPhase = (typeof RUN_PHASES)[number];

/** What `SyncRequest.onPhase` receives when a step begins. */
export interface PhaseEvent {
  phase: RunPhase;
  /** On `copy`: the source's own row estimate (statistics, not a count), `null` when it has none. */
  sourceRowEstimate?: number | null;
}
