import { Link } from '@remix-run/react';
import { useState } from 'react';
import { formatCount, formatDuration, formatRate } from '../lib/format.js';
import { Time } from './time.js';
import { pollWhileActive } from '../lib/live-polling.js';
import { trpc } from '../lib/trpc.js';
import { Button } from './button.js';
import { EmptyState } from './empty-state.js';
import { QueryState } from './query-state.js';
import { RunDetail } from './run-summary.js';
import { RunValueWarnings } from './run-value-warnings.js';
import { StatusBadge } from './status-badge.js';
import { DataTable } from './data-table.js';

const PAGE_SIZE = 10;

/** A sync's runs, newest first, a page at a time; the page polls while one of its runs is active. */
export function RunHistory({ syncId }: { syncId: string }) {
  const [cursor, setCursor] = useState(0);
  const runs = trpc.runs.list.useQuery(
    { syncId, limit: PAGE_SIZE, cursor },
    {
      placeholderData: (previous) => previous,
      refetchInterval: (query) => pollWhileActive(query.state.data?.items.map((r) => r.status) ?? []),
    },
  );

  return (
    <QueryState
      query={runs}
      loadingLabel="Loading runs…"
      errorTitle="Could not load the run history"
      isEmpty={(page) => page.total === 0}
      empty={<EmptyState title="No runs yet" description="Press Run to copy the source table into the destination." />}
    >
      {({ items, total, nextCursor }) => (
        <div>
          <DataTable
            caption="Run history"
            head={
              <>
                <th scope="col" className="px-4 py-2.5 sm:pl-5">
                  Status
                </th>
                <th scope="col" className="px-4 py-2.5">
                  Started
                </th>
                <th scope="col" className="hidden px-4 py-2.5 sm:table-cell">
                  Duration
                </th>
                <th scope="col" className="hidden px-4 py-2.5 text-right sm:table-cell">
                  Rows
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
                <td className="px-4 py-3 text-xs whitespace-nowrap text-slate-600 tabular-nums">
                  <Link to={`/runs/${run.id}`} className="hover:text-indigo-600 hover:underline">
                    <Time date={run.startedAt ?? run.createdAt} />
                  </Link>
                </td>
                <td className="hidden px-4 py-3 text-xs text-slate-600 tabular-nums sm:table-cell">
                  {run.durationMs !== null ? formatDuration(run.durationMs) : '—'}
                </td>
                <td className="hidden px-4 py-3 text-right text-xs text-slate-600 tabular-nums sm:table-cell">
                  {formatCount(run.rowCount ?? run.rowsCopied)}
                  {run.status === 'success' && run.rowsPerSecond ? (
                    <div className="text-slate-500">{formatRate(run.rowsPerSecond)}</div>
                  ) : null}
                </td>
                <td className="px-4 py-3 sm:pr-5">
                  <RunDetail run={run} />
                  {run.valueWarnings.length ? (
                    <RunValueWarnings warnings={run.valueWarnings} />
                  ) : run.warnings.length ? (
                    <ul className="mt-1 list-disc pl-4 text-xs text-amber-800">
                      {run.warnings.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  ) : null}
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
              <Button size="sm" disabled={cursor === 0} onClick={() => setCursor(Math.max(0, cursor - PAGE_SIZE))}>
                Newer
              </Button>
              <Button
                size="sm"
                disabled={nextCursor === null}
                onClick={() => nextCursor !== null && setCursor(nextCursor)}
              >
                Older
              </Button>
            </div>
          </nav>
        </div>
      )}
    </QueryState>
  );
}
