/**
 * `@pipecraft/api/schemas` — the zod input and output schemas, safe to load in a browser: they
 * import only zod and the dependency-free term lists (`@pipecraft/sync-engine/terms`,
 * `@pipecraft/store/terms`).
 * The web validates forms with the same rules the router applies.
 */
export * from './common.js';
export * from './connection.js';
export * from './discovery.js';
export * from './meta.js';
export * from './run.js';
export * from './sync.js';
export * from './audit.js';
export * from './auth.js';
export * from './webhook.js';
export * from './worker.js';
