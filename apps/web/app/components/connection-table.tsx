import { Link } from '@remix-run/react';
import { useState } from 'react';
import { appCodeOf, messageOf } from '../lib/app-error.js';
import { useDialectLabel } from '../lib/engine-terms.js';
import type { ConnectionDto, RouterOutputs } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { Button, ButtonLink } from './button.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ConnectionHealth } from './connection-health.js';
import type { TestOutcome } from './connection-test-result.js';
import { SortableHeader } from './sortable-header.js';
import { UsedByLinks } from './used-by-links.js';
import { useToast } from './toast.js';
import { DataTable } from './data-table.js';
import { useCan } from '../lib/session.js';
import { useSorted } from '../lib/sort.js';

/** What each sortable column compares; names case-insensitively. */
const SORT_KEYS = {
  name: (c: ConnectionDto) => c.name,
  address: (c: ConnectionDto) => `${c.host}:${c.port}/${c.database}`,
  usedBy: (c: ConnectionDto) => c.usedBy.length,
};

export function ConnectionTable({ connections }: { connections: ConnectionDto[] }) {
  const [deleting, setDeleting] = useState<ConnectionDto | null>(null);
  const utils = trpc.useUtils();
  const toast = useToast();
  const { sorted, sort, toggle } = useSorted(connections, SORT_KEYS, 'name');
  const remove = trpc.connections.delete.useMutation({
    onSuccess: async () => {
      toast({ tone: 'success', title: 'Connection deleted', description: deleting?.name });
      setDeleting(null);
      await utils.connections.list.invalidate();
    },
  });

  return (
    <>
      <DataTable
        head={
          <>
            <SortableHeader column="name" sort={sort} onSort={toggle} className="sm:pl-5">
              Name
            </SortableHeader>
            <SortableHeader column="address" sort={sort} onSort={toggle} className="hidden md:table-cell">
              Address
            </SortableHeader>
            <SortableHeader column="usedBy" sort={sort} onSort={toggle} className="hidden sm:table-cell">
              Used by
            </SortableHeader>
            <th scope="col" className="px-4 py-2.5">
              Health
            </th>
            <th scope="col" className="hidden px-4 py-2.5 text-right sm:table-cell sm:pr-5">
              <span className="sr-only">Actions</span>
            </th>
          </>
        }
      >
        {sorted.map((connection) => (
          <ConnectionRow
            key={connection.id}
            connection={connection}
            onDelete={() => {
              remove.reset();
              setDeleting(connection);
            }}
          />
        ))}
      </DataTable>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete connection"
        busy={remove.isPending}
        error={remove.error ? messageOf(remove.error) : null}
        errorDetail={
          remove.error && appCodeOf(remove.error) === 'CONNECTION_IN_USE' && deleting ? (
            <UsedByLinks syncs={deleting.usedBy} />
          ) : null
        }
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onClose={() => setDeleting(null)}
      >
        The saved profile and its stored password are removed. The database itself is not touched.
      </ConfirmDialog>
    </>
  );
}

function ConnectionRow({ connection, onDelete }: { connection: ConnectionDto; onDelete: () => void }) {
  const dialectLabel = useDialectLabel();
  const utils = trpc.useUtils();
  const toast = useToast();
  const test = trpc.connections.test.useMutation({
    onSuccess: async (result) => {
      if (result.ok) {
        toast({
          tone: 'success',
          title: `${connection.name}: connected`,
          description: `${result.serverVersion} · ${Math.round(result.latencyMs)} ms`,
        });
      } else {
        toast({ tone: 'error', title: `${connection.name}: ${result.code}`, description: result.message });
      }
      await utils.connections.list.invalidate();
    },
    onError: (error) =>
      toast({ tone: 'error', title: `Could not test ${connection.name}`, description: messageOf(error) }),
  });
  // The mutation's answer is the newest; the list catches up on its next fetch.
  const latest: TestOutcome | null = test.data ? normalize(test.data) : connection.lastTest;

  return (
    <tr className="align-top hover:bg-slate-50/60">
      <td className="px-4 py-3 sm:pl-5">
        <Link
          to={`/connections/${connection.id}`}
          className="font-medium text-slate-900 hover:text-indigo-600 dark:hover:text-indigo-300"
        >
          {connection.name}
        </Link>
        <div className="text-xs text-slate-500">{dialectLabel(connection.dialect)}</div>
        <div className="mt-0.5 font-mono text-xs text-slate-500 md:hidden">
          {connection.host}:{connection.port}/{connection.database}
        </div>
        {/* Phones get the actions under the name instead of in a column of their own. */}
        <div className="mt-2 sm:hidden">
          <ConnectionActions
            connection={connection}
            testing={test.isPending}
            onTest={() => test.mutate({ id: connection.id })}
            onDelete={onDelete}
          />
        </div>
      </td>
      <td className="hidden px-4 py-3 md:table-cell">
        <div className="font-mono text-xs text-slate-700">
          {connection.host}:{connection.port}/{connection.database}
        </div>
        <div className="text-xs text-slate-500">
          as {connection.username}
          {connection.hasPassword ? ' · password stored' : ''}
        </div>
      </td>
      <td className="hidden px-4 py-3 sm:table-cell">
        <div className="flex flex-wrap gap-1">
          {connection.isSource ? <RoleTag>Source</RoleTag> : null}
          {connection.isDestination ? <RoleTag>Destination</RoleTag> : null}
        </div>
        <div className="mt-1 text-xs text-slate-500">
          {connection.usedBy.length === 0 ? (
            'No syncs yet'
          ) : (
            <Link
              to={`/connections/${connection.id}#used-by`}
              className="underline decoration-slate-300 underline-offset-2 hover:text-slate-900"
            >
              {connection.usedBy.length === 1 ? '1 sync' : `${connection.usedBy.length} syncs`}
            </Link>
          )}
        </div>
      </td>
      <td className="px-4 py-3" aria-live="polite">
        {test.isPending ? (
          <span className="text-xs text-slate-500">Testing…</span>
        ) : (
          <ConnectionHealth connection={connection} latestTest={latest} />
        )}
      </td>
      <td className="hidden px-4 py-3 sm:table-cell sm:pr-5">
        <ConnectionActions
          connection={connection}
          testing={test.isPending}
          onTest={() => test.mutate({ id: connection.id })}
          onDelete={onDelete}
        />
      </td>
    </tr>
  );
}

function ConnectionActions({
  connection,
  testing,
  onTest,
  onDelete,
}: {
  connection: ConnectionDto;
  testing: boolean;
  onTest: () => void;
  onDelete: () => void;
}) {
  const canTest = useCan('connections.test');
  const canEdit = useCan('connections.update');
  const canDelete = useCan('connections.delete');
  return (
    <div className="flex flex-wrap gap-1.5 sm:flex-nowrap sm:justify-end">
      {canTest ? (
        <Button size="sm" variant="ghost" busy={testing} onClick={onTest} aria-label={`Test ${connection.name}`}>
          Test
        </Button>
      ) : null}
      {canEdit ? (
        <ButtonLink
          size="sm"
          variant="ghost"
          to={`/connections/${connection.id}/edit`}
          aria-label={`Edit ${connection.name}`}
        >
          Edit
        </ButtonLink>
      ) : null}
      {canDelete ? (
        <Button
          size="sm"
          variant="ghost"
          className="text-rose-600 dark:text-rose-400 hover:bg-rose-50 hover:text-rose-700"
          onClick={onDelete}
          aria-label={`Delete ${connection.name}`}
        >
          Delete
        </Button>
      ) : null}
    </div>
  );
}

function RoleTag({ children }: { children: string }) {
  return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">{children}</span>;
}

function normalize(result: RouterOutputs['connections']['test']): TestOutcome {
  return result.ok
    ? {
        ok: true,
        testedAt: result.testedAt,
        serverVersion: result.serverVersion,
        latencyMs: result.latencyMs,
        stale: false,
      }
    : { ok: false, testedAt: result.testedAt, code: result.code, message: result.message, stale: false };
}
