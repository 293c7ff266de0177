/**
 * Every status a run can have, in lifecycle order:
 * queued → pending → running → success | failed | cancelled | skipped.
 * `queued`: waiting for a free slot under the runner's caps on concurrent runs.
 * `cancelled`: someone cancelled it (API, UI or client); the destination kept its previous rows.
 * `skipped`: a schedule came due while the sync (or its pipeline) was still running; nothing ran.
 * The one definition; the API's zod enum, the runner and (through the router's types) the web
 * derive from it.
 *
 * A leaf module with no imports, exported as `@pipecraft/store/terms`, because the API's zod
 * schemas also validate forms in the browser and must not pull MikroORM into its bundle.
 */
export const RUN_STATUSES = ['queued', 'pending', 'running', 'success', 'failed', 'cancelled', 'skipped'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

/** The statuses that block another start of the same sync ("active"). */
export const ACTIVE_RUN_STATUSES = ['queued', 'pending', 'running'] as const satisfies readonly RunStatus[];
