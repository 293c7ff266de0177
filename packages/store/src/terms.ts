/**
 * `@pipecraft/store/terms`: the store's term lists with nothing else attached, for code that may
 * end up in a browser bundle (the API's schemas). Every module re-exported here is a leaf.
 */
export { RUN_STATUSES, ACTIVE_RUN_STATUSES, type RunStatus } from './entities/run-statuses.js';
