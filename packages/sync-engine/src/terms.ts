/**
 * `@pipecraft/sync-engine/terms`: the engine's term lists with nothing else attached. Browsers
 * (the web app's form validation, through `@pipecraft/api/schemas`) import this subpath; every
 * module it re-exports is a leaf with no imports, so no driver reaches a bundle.
 */
export { DIALECT_NAMES, type DialectName } from './dialects/dialect-names.js';
export {
  WRITE_MODE_NAMES,
  CURSOR_WRITE_MODES,
  KEYED_WRITE_MODES,
  DELETE_MISSING_POLICIES,
  SOFT_DELETE_COLUMN,
  type WriteModeName,
  type DeleteMissingPolicy,
} from './write-modes/write-mode-names.js';
export type { Watermark } from './watermark.js';
export { DRIFT_POLICIES, type DriftPolicy } from './drift-policies.js';
export {
  SCHEMA_CHANGE_KINDS,
  SCHEMA_CHANGE_ACTIONS,
  type SchemaChange,
  type SchemaChangeAction,
  type SchemaChangeKind,
} from './schema-changes.js';
export { DEFAULT_CONNECT_TIMEOUT_MS } from './connect-timeout.js';
export { TLS_MODES, DEFAULT_TLS_MODE, type TlsMode } from './tls-modes.js';
export { VALUE_POLICIES, type ValuePolicy, type ValueWarning } from './values/value-policies.js';
export { RUN_PHASES, type RunPhase } from './run-phases.js';
