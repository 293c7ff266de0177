import { Link } from '@remix-run/react';
import { useState } from 'react';
import { useWriteModeLabel } from '../lib/engine-terms.js';
import { Time } from './time.js';
import type { SyncDto } from '../lib/trpc.js';
import { Button, ButtonLink } from './button.js';
import { DeleteSyncDialog } from './delete-sync-dialog.js';
import { RunButton } from './run-button.js';
import { RunSummary } from './run-summary.js';
import { DataTable } from './data-table.js';
import { useCan } from '../lib/session.js';
import { useSorted } from '../lib/sort.js';
import { SortableHeader } from './sortable-header.js';

/** Sortable columns: names case-insensitively, the last run by when it started. */
const SORT_KEYS = {
  name: (s: SyncDto) => s.name,
  lastRun: (s: SyncDto) => (s.lastRun ? s.lastRun.createdAt.getTime() : null),
};

export function SyncTable({ syncs }: { syncs: SyncDto[] }) {
  const [deleting, setDeleting] = useState<SyncDto | null>(null);
  const askDelete = setDeleting;
  const writeModeLabel = useWriteModeLabel();
  const { sorted, sort, toggle } = useSorted(syncs, SORT_KEYS, 'name');

  return (
    <>
      <DataTable
        head={
          <>
            <SortableHeader column="name" sort={sort} onSort={toggle} className="sm:pl-5">
              Sync
            </SortableHeader>
            <th scope="col" className="hidden px-4 py-2.5 md:table-cell">
              Source
            </th>
            <th scope="col" className="hidden px-4 py-2.5 md:table-cell">
              Destination
            </th>
            <th scope="col" className="hidden px-4 py-2.5 lg:table-cell">
              Mode
            </th>
            <SortableHeader column="lastRun" sort={sort} onSort={toggle} className="hidden sm:table-cell">
              Last run
            </SortableHeader>
            <th scope="col" className="hidden px-4 py-2.5 text-right sm:table-cell sm:pr-5">
              <span className="sr-only">Actions</span>
            </th>
          </>
        }
      >
        {sorted.map((sync) => (
          <tr key={sync.id} className="align-top hover:bg-slate-50/60" data-sync-id={sync.id}>
            <td className="px-4 py-3 sm:pl-5">
              <Link to={`/syncs/${sync.id}`} className="font-medium text-slate-900 hover:text-indigo-600">
                {sync.name}
              </Link>
              {sync.description ? <p className="mt-0.5 max-w-xs text-xs text-slate-500">{sync.description}</p> : null}
              <p className="mt-0.5 text-xs text-slate-500">
                Created <Time date={sync.createdAt} />
              </p>
              <p className="mt-1 font-mono text-xs text-slate-500 md:hidden">
                {sync.source.schema}.{sync.source.table} → {sync.destination.schema}.{sync.destination.table}
              </p>
              {/* Phones get the last run and the actions under the name instead of in columns of their own. */}
              <div className="mt-2 sm:hidden">
                {sync.lastRun ? (
                  <RunSummary run={sync.lastRun} showWhen />
                ) : (
                  <span className="text-xs text-slate-500">Never run</span>
                )}
              </div>
              <div className="mt-2 sm:hidden">
                <SyncActions sync={sync} onDelete={() => askDelete(sync)} />
              </div>
            </td>
            <td className="hidden px-4 py-3 md:table-cell">
              <TableRef schema={sync.source.schema} table={sync.source.table} connection={sync.source.connectionName} />
            </td>
            <td className="hidden px-4 py-3 md:table-cell">
              <TableRef
                schema={sync.destination.schema}
                table={sync.destination.table}
                connection={sync.destination.connectionName}
              />
            </td>
            <td className="hidden px-4 py-3 text-xs text-slate-600 lg:table-cell">{writeModeLabel(sync.writeMode)}</td>
            <td className="hidden px-4 py-3 sm:table-cell" aria-live="polite">
              {sync.lastRun ? (
                <RunSummary run={sync.lastRun} showWhen />
              ) : (
                <span className="text-xs text-slate-500">Never run</span>
              )}
            </td>
            <td className="hidden px-4 py-3 sm:table-cell sm:pr-5">
              <SyncActions sync={sync} onDelete={() => askDelete(sync)} />
            </td>
          </tr>
        ))}
      </DataTable>
      <DeleteSyncDialog sync={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

function SyncActions({ sync, onDelete }: { sync: SyncDto; onDelete: () => void }) {
  const canEdit = useCan('syncs.update');
  const canDelete = useCan('syncs.delete');
  return (
    <div className="flex flex-wrap gap-1.5 sm:flex-nowrap sm:justify-end">
      <RunButton sync={sync} variant="secondary" />
      {canEdit ? (
        <ButtonLink size="sm" variant="ghost" to={`/syncs/${sync.id}/edit`} aria-label={`Edit ${sync.name}`}>
          Edit
        </ButtonLink>
      ) : null}
      {canDelete ? (
        <Button
          size="sm"
          variant="ghost"
          className="text-rose-600 dark:text-rose-400 hover:bg-rose-50 hover:text-rose-700"
          aria-label={`Delete ${sync.name}`}
          onClick={onDelete}
        >
          Delete
        </Button>
      ) : null}
    </div>
  );
}

export function TableRef({ schema, table, connection }: { schema: string; table: string; connection: string }) {
  return (
    <div className="min-w-0">
      <div className="font-mono text-xs text-slate-800">
        {schema}.{table}
      </div>
      <div className="text-xs text-slate-500">{connection}</div>
    </div>
  );
}
