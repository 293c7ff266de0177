import type { ColumnMappingEntry } from '@pipecraft/api/schemas';
import type { RouterOutputs } from '../lib/trpc.js';

type SourceColumn = RouterOutputs['discovery']['columns'][number];

export interface ColumnMappingFieldProps {
  columns: SourceColumn[] | undefined;
  /** `null`: every column as it is. */
  value: ColumnMappingEntry[] | null;
  error?: string | undefined;
  onChange: (next: ColumnMappingEntry[] | null) => void;
}

const input =
  'block w-full rounded-md border-0 bg-white px-2 py-1 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-500 focus:outline-none';

/**
 * Per source column: copy it or not, its destination name, its destination type (for a table
 * PipeCraft creates). Only columns the user changed are kept in the mapping.
 */
export function ColumnMappingField({ columns, value, error, onChange }: ColumnMappingFieldProps) {
  if (!columns || columns.length === 0) {
    return <p className="text-sm text-slate-500">Choose a source table to see its columns.</p>;
  }
  const entryOf = (name: string): ColumnMappingEntry =>
    value?.find((entry) => entry.source === name) ?? { source: name, include: true };
  function update(name: string, change: Partial<ColumnMappingEntry>) {
    const next = { ...entryOf(name), ...change };
    const changed = !next.include || Boolean(next.name) || Boolean(next.type);
    const others = (value ?? []).filter((entry) => entry.source !== name);
    const list = changed ? [...others, next] : others;
    onChange(list.length > 0 ? list : null);
  }
  return (
    <div>
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 pr-2 font-medium">Copy</th>
            <th className="py-1 pr-2 font-medium">Source column</th>
            <th className="py-1 pr-2 font-medium">Destination name</th>
            <th className="py-1 font-medium">Destination type</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => {
            const entry = entryOf(column.name);
            return (
              <tr key={column.name} className="border-t border-slate-100">
                <td className="py-1 pr-2">
                  <input
                    type="checkbox"
                    aria-label={`Copy ${column.name}`}
                    className="size-4 accent-indigo-600"
                    checked={entry.include}
                    onChange={(event) => update(column.name, { include: event.target.checked })}
                  />
                </td>
                <td className="py-1 pr-2">
                  <code className="font-mono text-xs">{column.name}</code>{' '}
                  <span className="text-xs text-slate-500">{column.nativeType}</span>
                </td>
                <td className="py-1 pr-2">
                  <input
                    aria-label={`Destination name of ${column.name}`}
                    className={input}
                    placeholder={column.name}
                    value={entry.name ?? ''}
                    disabled={!entry.include}
                    onChange={(event) => update(column.name, { name: event.target.value || null })}
                  />
                </td>
                <td className="py-1">
                  <input
                    aria-label={`Destination type of ${column.name}`}
                    className={input}
                    placeholder="as planned"
                    value={entry.type ?? ''}
                    disabled={!entry.include}
                    onChange={(event) => update(column.name, { type: event.target.value || null })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error ? <p className="mt-1 text-xs text-rose-600">{error}</p> : null}
    </div>
  );
}
