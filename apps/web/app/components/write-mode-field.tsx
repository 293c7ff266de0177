import { useId } from 'react';
import type { WriteModeInfo, WriteModeName } from '../lib/trpc.js';
import type { QueryLike } from './query-state.js';
import { QueryState } from './query-state.js';

export interface WriteModeFieldProps {
  /** `meta.writeModes`: every mode the engine offers, in its order (the first is the default). */
  modes: QueryLike<WriteModeInfo[]>;
  value: WriteModeName | undefined;
  error?: string | undefined;
  onChange: (mode: WriteModeName) => void;
}

/** How a run writes the destination: one radio per engine write mode, each with what it does. */
export function WriteModeField({ modes, value, error, onChange }: WriteModeFieldProps) {
  const id = useId();
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="mb-2 text-sm font-medium text-slate-700">Write mode</legend>
      <QueryState query={modes} loadingLabel="Loading write modes…" errorTitle="Could not load the write modes">
        {(list) => (
          <div className="grid gap-2 sm:grid-cols-2">
            {list.map((mode) => (
              <label
                key={mode.name}
                className="flex cursor-pointer items-start gap-2.5 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50/60 has-[:checked]:ring-indigo-300"
              >
                <input
                  type="radio"
                  name="writeMode"
                  value={mode.name}
                  checked={value === mode.name}
                  onChange={() => onChange(mode.name)}
                  // The label names the radio; the description stays a description (not part of the
                  // accessible name), so "Full refresh" is what a screen reader and a locator see.
                  aria-labelledby={`${id}-${mode.name}-label`}
                  aria-describedby={`${id}-${mode.name}`}
                  className="mt-0.5 size-4 accent-indigo-600"
                />
                <span className="text-sm">
                  <span id={`${id}-${mode.name}-label`} className="font-medium text-slate-900">
                    {mode.label}
                  </span>
                  <span id={`${id}-${mode.name}`} className="mt-0.5 block text-xs text-slate-600">
                    {mode.description}
                  </span>
                </span>
              </label>
            ))}
          </div>
        )}
      </QueryState>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
