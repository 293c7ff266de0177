/**
 * Every status a run can have, in lifecycle order: pending → running → success | failed.
 * The one definition; the API's zod enum and the runner derive from it. A leaf module (no
 * imports), reachable as `@pipecraft/store/terms`, so browser code validating with the API's
 * schemas never pulls the ORM or `node:crypto` into a bundle.
 */
export const RUN_STATUSES = ['pending', 'running', 'success', 'failed'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

/** The statuses that block another start of the same sync ("active"). */
export const ACTIVE_RUN_STATUSES = ['pending', 'running'] as const satisfies readonly RunStatus[];
