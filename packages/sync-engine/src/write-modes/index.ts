/**
 * The write-mode list. A new mode is one file in this folder plus one entry in `WRITE_MODES`:
 * `WRITE_MODE_NAMES`, `WriteModeName` and `listWriteModes()` derive from it, and the store, the
 * API's zod enum and the web form derive from those.
 */
import { EngineError } from '../engine-error.js';
import { fullRefresh } from './full-refresh.js';
import type { WriteModeDefinition, WriteModeDescriptor } from './write-mode.js';

const WRITE_MODES = [fullRefresh] as const satisfies readonly WriteModeDefinition[];

/** A write mode's stable name, as stored on a Sync. */
export type WriteModeName = (typeof WRITE_MODES)[number]['name'];

type NamesOf<T extends readonly WriteModeDefinition[]> = { readonly [K in keyof T]: T[K]['name'] };

/** Every write mode's name, in list order; a non-empty tuple, so `z.enum(WRITE_MODE_NAMES)` works. */
export const WRITE_MODE_NAMES = WRITE_MODES.map((mode) => mode.name) as unknown as NamesOf<typeof WRITE_MODES>;

/** Every write mode for a UI: name, label and a one-sentence description. */
export function listWriteModes(): Array<WriteModeDescriptor<WriteModeName>> {
  return WRITE_MODES.map(({ name, label, description }) => ({ name, label, description }));
}

/** The one place that looks a write mode up by its name; the name comes from callers' data. */
export function getWriteMode(name: string): WriteModeDefinition {
  const mode = WRITE_MODES.find((candidate) => candidate.name === name);
  if (!mode) throw new EngineError('ENGINE_ERROR', `Unsupported write mode ${String(name)}`);
  return mode;
}
