import { formatCount, formatDuration, formatRate, formatRelative } from '../lib/format.js';
import type { RunDto } from '../lib/trpc.js';
import { StatusBadge } from './status-badge.js';

/**
 * A run told honestly: the badge, then what matters for that state — progress and rate while
 * running, rows and duration on success, the error text on failure.
 */
export function RunSummary({ run, showWhen = false }: { run: RunDto; showWhen?: boolean }) {
  return (
    <div className="flex min-w-0 flex-col gap-1" data-run-id={run.id}>
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={run.status} />
        {showWhen ? <span className="text-xs text-slate-500">{formatRelative(run.createdAt)}</span> : null}
      </div>
      <RunDetail run={run} />
    </div>
  );
}

export function RunDetail({ run }: { run: RunDto }) {
  switch (run.status) {
    case 'queued':
      return <span className="text-xs text-amber-700">Queued: waits for a free run slot…</span>;
    case 'pending':
      return <span className="text-xs text-slate-500">Waiting to start…</span>;
    case 'running':
      if (run.detail) return <span className="text-xs text-amber-700">{run.detail}</span>;
      return (
        <span className="text-xs text-sky-800 tabular-nums">
          {formatCount(run.rowsCopied)} rows copied
          {run.rowsPerSecond ? ` · ${formatRate(run.rowsPerSecond)}` : ''}
        </span>
      );
    case 'success':
      return (
        <span className="text-xs text-slate-600 tabular-nums">
          {formatCount(run.rowCount ?? run.rowsCopied)} rows
          {run.durationMs !== null ? ` in ${formatDuration(run.durationMs)}` : ''}
          {run.rowsInserted !== null && (run.rowsUpdated || run.rowsDeleted || run.rowsInserted !== run.rowCount) ? (
            <span data-testid="run-changes">
              {' '}
              · {formatCount(run.rowsInserted)} inserted · {formatCount(run.rowsUpdated ?? 0)} updated
              {run.rowsDeleted ? ` · ${formatCount(run.rowsDeleted)} deleted` : ''}
            </span>
          ) : null}
          {run.warnings.length ? (
            <span className="ml-1 text-amber-700">
              · {run.warnings.length} warning{run.warnings.length === 1 ? '' : 's'}
            </span>
          ) : null}
        </span>
      );
    case 'failed':
      return (
        <span className="max-w-md text-xs break-words text-rose-700">
          {run.error ? (
            <>
              {run.error.message}
              <code className="ml-1.5 rounded bg-rose-50 px-1 py-px font-mono text-[11px] text-rose-600">
                {run.error.code}
              </code>
            </>
          ) : (
            'The run failed.'
          )}
        </span>
      );
  }
}
