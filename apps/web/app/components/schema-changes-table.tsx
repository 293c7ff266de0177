import { Link } from '@remix-run/react';
import type { RunDto } from '../lib/trpc.js';
import { DataTable } from './data-table.js';
import { DRIFT_LABELS } from './write-mode-options.js';

type SchemaChange = RunDto['schemaChanges'][number];

const CHANGE_LABELS: Record<SchemaChange['change'], string> = {
  added: 'new in the source',
  dropped: 'gone from the source',
  type_changed: 'type changed',
};

/**
 * How the source's columns had drifted from the destination's, one row per column: the
 * destination's type before the run, the source's type (in the source's own dialect: a column the
 * run added got the destination type it maps to), and what PipeCraft did. A run refused for drift
 * says how to let the next one follow the source instead.
 */
export function SchemaChangesTable({ changes, syncId }: { changes: SchemaChange[]; syncId: string }) {
  const refused = changes.some((change) => change.action === 'run_failed');
  return (
    <>
      <DataTable
        caption="Schema changes"
        head={
          <>
            <th scope="col" className="px-4 py-2 sm:pl-5">
              Column
            </th>
            <th scope="col" className="px-4 py-2">
              Destination before the run
            </th>
            <th scope="col" className="px-4 py-2">
              Source
            </th>
            <th scope="col" className="px-4 py-2 sm:pr-5">
              What PipeCraft did
            </th>
          </>
        }
      >
        {changes.map((change) => (
          <tr key={change.column} data-change={change.change} data-action={change.action}>
            <th scope="row" className="px-4 py-2 font-normal sm:pl-5">
              <code className="font-mono text-slate-900">{change.column}</code>
              <span className="block text-xs text-slate-500">{CHANGE_LABELS[change.change]}</span>
            </th>
            <td className="px-4 py-2">
              <TypeCell type={change.destinationType} missing="not in the destination" />
            </td>
            <td className="px-4 py-2">
              <TypeCell type={change.sourceType} missing="not in the source" />
            </td>
            <td className={`px-4 py-2 sm:pr-5 ${change.action === 'run_failed' ? 'text-rose-700' : 'text-slate-700'}`}>
              {change.description}
            </td>
          </tr>
        ))}
      </DataTable>
      {refused ? (
        <p className="border-t border-slate-100 px-4 py-3 text-sm text-slate-700 sm:px-5">
          <span className="font-medium">What to do: </span>
          the destination could not follow the source&apos;s columns, so nothing was changed.{' '}
          <Link to={`/syncs/${syncId}/edit`} className="font-medium text-indigo-700 hover:underline">
            Edit the sync
          </Link>{' '}
          and under &ldquo;When the source&apos;s columns change&rdquo; pick &ldquo;{DRIFT_LABELS.add_columns}&rdquo;
          (new columns only) or &ldquo;{DRIFT_LABELS.recreate}&rdquo; (any change), then run it again.
        </p>
      ) : null}
    </>
  );
}

function TypeCell({ type, missing }: { type: string | null; missing: string }) {
  return type ? (
    <code className="font-mono text-xs">{type}</code>
  ) : (
    <span className="text-xs text-slate-500 italic">{missing}</span>
  );
}
