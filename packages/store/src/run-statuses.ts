/**
 * Every status a run can have, in lifecycle order: pending → running → success | failed.
 * The one definition; the API's zod enum, the runner and (through the router's types) the web
 * derive from it.
 *
 * A leaf module with no imports, exported as `@pipecraft/store/terms`, because the API's zod
 * schemas also validate forms in the browser and must not pull MikroORM into its bundle.
 */
export const RUN_STATUSES = ['pending', 'running', 'success', 'failed'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

/** The statuses that block another start of the same sync ("active"). */
export const ACTIVE_RUN_STATUSES = ['pending', 'running'] as const satisfies readonly RunStatus[];
