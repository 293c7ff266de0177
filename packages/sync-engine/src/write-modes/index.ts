/**
 * The write-mode registry. A new mode is one file in this folder, its name in
 * `write-mode-names.ts` and one line here; `listWriteModes()` and the store, the API's zod enum
 * and the web form derive from those.
 */
import { EngineError } from '../engine-error.js';
import { append } from './append.js';
import { fullMerge } from './full-merge.js';
import { fullRefresh } from './full-refresh.js';
import { incrementalAppend } from './incremental-append.js';
import { incrementalMerge } from './incremental-merge.js';
import type { WriteModeDefinition, WriteModeDescriptor } from './write-mode.js';
import { WRITE_MODE_NAMES, type WriteModeName } from './write-mode-names.js';

export { WRITE_MODE_NAMES, type WriteModeName } from './write-mode-names.js';

const WRITE_MODES: { readonly [Name in WriteModeName]: WriteModeDefinition<Name> } = {
  full_refresh: fullRefresh,
  append,
  incremental_append: incrementalAppend,
  incremental_merge: incrementalMerge,
  full_merge: fullMerge,
};

/** Every write mode for a UI: name, label and a one-sentence description, in `WRITE_MODE_NAMES` order. */
export function listWriteModes(): Array<WriteModeDescriptor<WriteModeName>> {
  return WRITE_MODE_NAMES.map((name) => {
    const { label, description } = WRITE_MODES[name];
    return { name, label, description };
  });
}

/** The one place that looks a write mode up by its name; the name comes from callers' data. */
export function getWriteMode(name: string): WriteModeDefinition {
  if (!Object.hasOwn(WRITE_MODES, name))
    throw new EngineError('ENGINE_ERROR', `Unsupported write mode ${String(name)}`);
  return WRITE_MODES[name as WriteModeName];
}
