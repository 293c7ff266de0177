import type { MetaFunction } from '@remix-run/node';
import { Card } from '../components/card.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { trpc } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Workers · PipeCraft' }];

/** How often the list refreshes: heartbeats come every few seconds. */
const REFRESH_MS = 5_000;

export default function WorkersPage() {
  const workers = trpc.workers.list.useQuery(undefined, { refetchInterval: REFRESH_MS });
  return (
    <>
      <PageHeader
        title="Workers"
        description="Worker processes taking runs from the queue (distributed mode), by their last heartbeat. A worker that stops sending heartbeats drops off this list, and the runs it held are settled."
      />
      <Card>
        <QueryState
          query={workers}
          loadingLabel="Loading workers…"
          errorTitle="Could not load the workers"
          isEmpty={(list) => list.length === 0}
          empty={
            <EmptyState
              title="No live workers"
              description="In the default (embedded) mode runs execute inside the server and there are no workers. In distributed mode, start workers as docs/deploy-workers.md describes."
            />
          }
        >
          {(list) => (
            <DataTable
              caption="Live workers"
              head={
                <>
                  <th scope="col" className="px-4 py-2">
                    Worker
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Host
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Runs
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Started
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Last heartbeat
                  </th>
                </>
              }
            >
              {list.map((worker) => (
                <tr key={worker.id}>
                  <td className="px-4 py-2 font-mono text-xs">{worker.id}</td>
                  <td className="px-4 py-2">
                    {worker.hostname} <span className="text-xs text-slate-500">pid {worker.pid}</span>
                  </td>
                  <td className="px-4 py-2 tabular-nums">
                    {worker.activeRuns} of {worker.concurrency}
                  </td>
                  <td className="px-4 py-2">{formatDateTime(worker.startedAt)}</td>
                  <td className="px-4 py-2">{formatRelative(worker.heartbeatAt)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryState>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
