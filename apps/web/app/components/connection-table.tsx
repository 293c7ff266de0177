import { useState } from 'react';
import { messageOf } from '../lib/app-error.js';
import { useDialectLabel } from '../lib/engine-terms.js';
import type { ConnectionDto, RouterOutputs } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { Button, ButtonLink } from './button.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ConnectionTestResult } from './connection-test-result.js';
import type { TestOutcome } from './connection-test-result.js';
import { useToast } from './toast.js';
import { DataTable } from './data-table.js';
import { useCan } from '../lib/session.js';

export function ConnectionTable({ connections }: { connections: ConnectionDto[] }) {
  const [deleting, setDeleting] = useState<ConnectionDto | null>(null);
  const utils = trpc.useUtils();
  const toast = useToast();
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
            <th scope="col" className="px-4 py-2.5 sm:pl-5">
              Name
            </th>
            <th scope="col" className="hidden px-4 py-2.5 md:table-cell">
              Address
            </th>
            <th scope="col" className="hidden px-4 py-2.5 sm:table-cell">
              Used as
            </th>
            <th scope="col" className="px-4 py-2.5">
              Last test
            </th>
            <th scope="col" className="hidden px-4 py-2.5 text-right sm:table-cell sm:pr-5">
              <span className="sr-only">Actions</span>
            </th>
          </>
        }
      >
        {connections.map((connection) => (
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
        <div className="font-medium text-slate-900">{connection.name}</div>
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
          {!connection.isSource && !connection.isDestination ? <span className="text-xs text-slate-400">—</span> : null}
        </div>
      </td>
      <td className="px-4 py-3" aria-live="polite">
        {test.isPending ? (
          <span className="text-xs text-slate-500">Testing…</span>
        ) : (
          <ConnectionTestResult result={latest} />
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
        <Button size="sm" busy={testing} onClick={onTest} aria-label={`Test ${connection.name}`}>
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
          className="text-rose-600 hover:bg-rose-50 hover:text-rose-700"
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
    ? { ok: true, testedAt: result.testedAt, serverVersion: result.serverVersion, latencyMs: result.latencyMs }
    : { ok: false, testedAt: result.testedAt, code: result.code, message: result.message };
}
