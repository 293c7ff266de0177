import type { MetaFunction } from '@remix-run/node';
import { Link, useSearchParams } from '@remix-run/react';
import type { FormEvent } from 'react';
import { RUN_SORT_FIELDS, runStatusSchema } from '@pipecraft/api/schemas';
import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { SelectField, TextField } from '../components/field.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { RunDetail } from '../components/run-summary.js';
import { StatusBadge } from '../components/status-badge.js';
import { formatCount, formatDateTime, formatDuration } from '../lib/format.js';
import { pollWhileActive } from '../lib/live-polling.js';
import { trpc, type RouterInputs, type RunStatus } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Run history · PipeCraft' }];

const PAGE_SIZE = 25;
type SortBy = (typeof RUN_SORT_FIELDS)[number];
const SORT_LABELS: Record<SortBy, string> = {
  createdAt: 'Created',
  startedAt: 'Started',
  durationMs: 'Duration',
  rowsCopied: 'Rows written',
  status: 'Status',
};

/** `2026-11-27T14:05` from a datetime-local input → that moment in the browser's zone. */
function localMoment(value: string | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The filters live in the URL, so a filtered history can be bookmarked and shared. */
function useHistoryQuery() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const sortBy = (RUN_SORT_FIELDS as readonly string[]).includes(params.get('sort') ?? '')
    ? (params.get('sort') as SortBy)
    : 'createdAt';
  const input: RouterInputs['runs']['list'] = {
    ...(status && runStatusSchema.safeParse(status).success ? { status: [status as RunStatus] } : {}),
    ...(params.get('sync') ? { syncId: params.get('sync') } : {}),
    ...(params.get('connection') ? { connectionId: params.get('connection') } : {}),
    ...(localMoment(params.get('from')) ? { from: localMoment(params.get('from')) } : {}),
    ...(localMoment(params.get('to')) ? { to: localMoment(params.get('to')) } : {}),
    sort: { by: sortBy, direction: params.get('dir') === 'asc' ? 'asc' : 'desc' },
    limit: PAGE_SIZE,
    cursor: Number(params.get('at')) > 0 ? Number(params.get('at')) : 0,
  };
  return { params, setParams, input };
}

export default function RunHistoryPage() {
  const { params, setParams, input } = useHistoryQuery();
  const syncs = trpc.syncs.list.useQuery();
  const connections = trpc.connections.list.useQuery();
  const runs = trpc.runs.list.useQuery(input, {
    placeholderData: (previous) => previous,
    refetchInterval: (query) => pollWhileActive(query.state.data?.items.map((r) => r.status) ?? []),
  });
  const cursor = input.cursor ?? 0;

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['status', 'sync', 'connection', 'from', 'to', 'sort', 'dir']) {
      const value = form.get(key);
      if (typeof value === 'string' && value !== '') next.set(key, value);
    }
    setParams(next);
  }

  function page(at: number) {
    const next = new URLSearchParams(params);
    if (at > 0) next.set('at', String(at));
    else next.delete('at');
    setParams(next);
  }

  return (
    <>
      <PageHeader
        title="Run history"
        description="Every run of every sync: filter by outcome, sync, connection and time; open a run to see its steps."
      />
      <Card className="mb-6">
        <form
          onSubmit={apply}
          key={params.toString()}
          aria-label="Filters"
          className="grid gap-4 p-4 sm:grid-cols-4 sm:items-end sm:p-5"
        >
          <SelectField label="Status" name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">Any status</option>
            {runStatusSchema.options.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </SelectField>
          <SelectField label="Sync" name="sync" defaultValue={params.get('sync') ?? ''}>
            <option value="">Any sync</option>
            {syncs.data?.map((sync) => (
              <option key={sync.id} value={sync.id}>
                {sync.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Connection" name="connection" defaultValue={params.get('connection') ?? ''}>
            <option value="">Any connection</option>
            {connections.data?.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.name}
              </option>
            ))}
          </SelectField>
          <div className="grid grid-cols-2 gap-2">
            <SelectField label="Sort by" name="sort" defaultValue={params.get('sort') ?? 'createdAt'}>
              {RUN_SORT_FIELDS.map((field) => (
                <option key={field} value={field}>
                  {SORT_LABELS[field]}
                </option>
              ))}
            </SelectField>
            <SelectField label="Order" name="dir" defaultValue={params.get('dir') ?? 'desc'}>
              <option value="desc">Descending</option>
              <option value="asc">Ascending</option>
            </SelectField>
          </div>
          <TextField label="From" name="from" type="datetime-local" step={1} defaultValue={params.get('from') ?? ''} />
          <TextField label="To" name="to" type="datetime-local" step={1} defaultValue={params.get('to') ?? ''} />
          <div className="flex gap-2 sm:col-span-2">
            <Button type="submit" variant="primary">
              Apply filters
            </Button>
            <Button onClick={() => setParams(new URLSearchParams())}>Clear</Button>
          </div>
        </form>
      </Card>
      <Card>
        <QueryState
          query={runs}
          loadingLabel="Loading runs…"
          errorTitle="Could not load the run history"
          isEmpty={(result) => result.items.length === 0}
          empty={<EmptyState title="No runs" description="No run matches these filters." />}
        >
          {({ items, total, nextCursor }) => (
            <>
              <DataTable
                caption="Runs"
                head={
                  <>
                    <th scope="col" className="px-4 py-2.5 sm:pl-5">
                      Status
                    </th>
                    <th scope="col" className="px-4 py-2.5">
                      Sync
                    </th>
                    <th scope="col" className="px-4 py-2.5">
                      Created
                    </th>
                    <th scope="col" className="hidden px-4 py-2.5 sm:table-cell">
                      Duration
                    </th>
                    <th scope="col" className="hidden px-4 py-2.5 text-right sm:table-cell">
                      Rows written
                    </th>
                    <th scope="col" className="px-4 py-2.5 sm:pr-5">
                      Details
                    </th>
                  </>
                }
              >
                {items.map((run) => (
                  <tr key={run.id} className="align-top" data-run-id={run.id}>
                    <td className="px-4 py-3 sm:pl-5">
                      <StatusBadge status={run.status} />
                    </td>
                    <td className="px-4 py-3">
                      <Link to={`/runs/${run.id}`} className="font-medium text-slate-900 hover:text-indigo-600">
                        {run.config?.syncName ?? run.syncName}
                      </Link>
                      {run.config ? (
                        <p className="font-mono text-xs text-slate-500">
                          {run.config.source.table} → {run.config.destination.table}
                        </p>
                      ) : null}
                    </td>
                    <td className="px-4 py-3 text-xs whitespace-nowrap text-slate-600 tabular-nums">
                      {formatDateTime(run.createdAt)}
                    </td>
                    <td className="hidden px-4 py-3 text-xs text-slate-600 tabular-nums sm:table-cell">
                      {run.durationMs !== null ? formatDuration(run.durationMs) : '—'}
                    </td>
                    <td className="hidden px-4 py-3 text-right text-xs text-slate-600 tabular-nums sm:table-cell">
                      {formatCount(run.status === 'success' ? (run.rowCount ?? run.rowsCopied) : run.rowsCopied)}
                    </td>
                    <td className="px-4 py-3 sm:pr-5">
                      <RunDetail run={run} />
                    </td>
                  </tr>
                ))}
              </DataTable>
              <nav
                aria-label="Run history pages"
                className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-3 text-xs text-slate-500 sm:px-5"
              >
                <span className="tabular-nums">
                  {cursor + 1}–{cursor + items.length} of {formatCount(total)} runs
                </span>
                <div className="flex gap-2">
                  <Button size="sm" disabled={cursor === 0} onClick={() => page(Math.max(0, cursor - PAGE_SIZE))}>
                    Previous
                  </Button>
                  <Button
                    size="sm"
                    disabled={nextCursor === null}
                    onClick={() => nextCursor !== null && page(nextCursor)}
                  >
                    Next
                  </Button>
                </div>
              </nav>
            </>
          )}
        </QueryState>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
