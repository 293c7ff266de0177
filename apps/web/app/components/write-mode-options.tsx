import { CURSOR_WRITE_MODES, KEYED_WRITE_MODES, deleteMissingSchema, driftPolicySchema } from '@pipecraft/api/schemas';
import type { ColumnMappingEntry, DeleteMissingPolicy, DriftPolicy } from '@pipecraft/api/schemas';
import type { RouterOutputs, WriteModeName } from '../lib/trpc.js';
import { SelectField, TextField } from './field.js';

type SourceColumn = RouterOutputs['discovery']['columns'][number];

/** A sync's mode options as the form edits them (the API's create input, these fields). */
export interface ModeOptions {
  /** `null`: the source's primary key. */
  keyColumns: string[] | null;
  cursorColumn: string | null;
  lookbackSeconds: number | null;
  deleteMissing: DeleteMissingPolicy;
  columnMapping: ColumnMappingEntry[] | null;
  driftPolicy: DriftPolicy;
}

const DELETE_MISSING_LABELS: Record<DeleteMissingPolicy, string> = {
  keep: 'Keep them',
  hard: 'Delete them',
  soft: 'Mark them in _pipecraft_deleted_at',
};

/** The drift policies as the sync form offers them (the schema-changes hint names them the same way). */
export const DRIFT_LABELS: Record<DriftPolicy, string> = {
  fail: 'Stop the run and change nothing',
  add_columns: 'Add new source columns to the destination',
  recreate: 'Recreate the destination table (a full refresh)',
};

export interface WriteModeOptionsProps {
  mode: WriteModeName | undefined;
  /** The source table's columns (discovery), `undefined` while unknown. */
  columns: SourceColumn[] | undefined;
  value: ModeOptions;
  errors: Record<string, string | undefined>;
  onChange: (next: Partial<ModeOptions>, fields: string[]) => void;
}

/**
 * The options a write mode needs: the cursor and key pickers, the lookback, what happens to
 * deleted rows, and the drift policy — each shown only for the modes that use it.
 */
export function WriteModeOptions({ mode, columns, value, errors, onChange }: WriteModeOptionsProps) {
  if (!mode) return null;
  const cursorMode = CURSOR_WRITE_MODES.includes(mode);
  const keyedMode = KEYED_WRITE_MODES.includes(mode);
  const primaryKey = (columns ?? [])
    .filter((column) => column.primaryKeyPosition !== null)
    .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0))
    .map((column) => column.name);
  const keys = value.keyColumns ?? primaryKey;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {cursorMode ? (
        <SelectField
          label="Cursor column"
          name="cursorColumn"
          value={value.cursorColumn ?? ''}
          error={errors.cursorColumn}
          hint="A column that grows when a row is added or changed (an updated_at, a sequence)."
          onChange={(event) => onChange({ cursorColumn: event.target.value || null }, ['cursorColumn'])}
        >
          <option value="">Choose a column…</option>
          {(columns ?? []).map((column) => (
            <option key={column.name} value={column.name}>
              {column.name} ({column.nativeType})
            </option>
          ))}
        </SelectField>
      ) : null}
      {keyedMode || cursorMode ? (
        <fieldset aria-describedby={errors.keyColumns ? 'key-columns-error' : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-700">Key columns</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {(columns ?? []).map((column) => (
              <label key={column.name} className="flex items-center gap-1.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  className="size-4 accent-indigo-600"
                  checked={keys.includes(column.name)}
                  onChange={(event) => {
                    const next = event.target.checked
                      ? [...keys, column.name]
                      : keys.filter((name) => name !== column.name);
                    const same = next.length === primaryKey.length && next.every((name, i) => name === primaryKey[i]);
                    onChange({ keyColumns: same ? null : next }, ['keyColumns']);
                  }}
                />
                {column.name}
              </label>
            ))}
          </div>
          {errors.keyColumns ? (
            <p id="key-columns-error" className="mt-1 text-xs text-rose-600">
              {errors.keyColumns}
            </p>
          ) : (
            <p className="mt-1 text-xs text-slate-500">
              {primaryKey.length > 0
                ? 'The primary key is preselected.'
                : 'This table has no primary key: choose columns whose values are unique.'}
            </p>
          )}
        </fieldset>
      ) : null}
      {mode === 'incremental_merge' ? (
        <TextField
          label="Lookback (seconds)"
          name="lookbackSeconds"
          type="number"
          min={0}
          inputMode="numeric"
          value={value.lookbackSeconds ?? ''}
          error={errors.lookbackSeconds}
          hint="Re-read rows this far before the watermark, to catch rows committed late. Date and timestamp cursors."
          onChange={(event) =>
            onChange({ lookbackSeconds: event.target.value === '' ? null : Number(event.target.value) }, [
              'lookbackSeconds',
            ])
          }
        />
      ) : null}
      {mode === 'full_merge' ? (
        <SelectField
          label="Rows deleted in the source"
          name="deleteMissing"
          value={value.deleteMissing}
          error={errors.deleteMissing}
          onChange={(event) =>
            onChange({ deleteMissing: event.target.value as DeleteMissingPolicy }, ['deleteMissing'])
          }
        >
          {deleteMissingSchema.options.map((policy) => (
            <option key={policy} value={policy}>
              {DELETE_MISSING_LABELS[policy]}
            </option>
          ))}
        </SelectField>
      ) : null}
      <SelectField
        label="When the source's columns change"
        name="driftPolicy"
        value={value.driftPolicy}
        error={errors.driftPolicy}
        onChange={(event) => onChange({ driftPolicy: event.target.value as DriftPolicy }, ['driftPolicy'])}
      >
        {driftPolicySchema.options.map((policy) => (
          <option key={policy} value={policy}>
            {DRIFT_LABELS[policy]}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
