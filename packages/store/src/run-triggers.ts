/**
 * What started a run: a person or a script (`manual`), a schedule, a pipeline run, or an automatic
 * `retry` of a failed attempt. A leaf module (exported through `@pipecraft/store/terms`).
 */
export const RUN_TRIGGERS = ['manual', 'schedule', 'pipeline', 'retry'] as const;

export type RunTrigger = (typeof RUN_TRIGGERS)[number];
