import { estimateRemainingMs, formatCount, formatDuration, formatRate } from '../lib/format.js';
import { Time } from './time.js';
import type { RunDto } from '../lib/trpc.js';
import { phaseLabel } from './run-phases.js';
import { StatusBadge } from './status-badge.js';

/**
 * A run told honestly: the badge, then what matters for that state — progress and rate while
 * running, rows and duration on success, the error text on failure.
 */
export function RunSummary({
  run,
  showWhen = false,
  estimate = null,
}: {
  run: RunDto;
  showWhen?: boolean;
  /** Rows a run likely copies (`useRowEstimate`): progress then shows the total, percent and time left. */
  estimate?: number | null;
}) {
  // The run's own estimate (recorded from the source's statistics at the copy's start) when it has one.
  const total = run.progress?.rowEstimate ?? estimate;
  return (
    <div className="flex min-w-0 flex-col gap-1" data-run-id={run.id}>
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={run.status} />
        {showWhen ? (
          <span className="text-xs text-slate-500">
            <Time date={run.createdAt} />
          </span>
        ) : null}
        {run.workerId ? (
          <span className="font-mono text-[11px] text-slate-500" title="The worker process that ran it">
            on {run.workerId}
          </span>
        ) : null}
        {run.attempt > 1 ? <span className="text-xs text-slate-500">attempt {run.attempt}</span> : null}
        {run.trigger === 'schedule' ? <span className="text-xs text-slate-500">scheduled</span> : null}
      </div>
      {run.status === 'running' && !run.detail && total ? (
        <RunProgress run={run} estimate={total} />
      ) : (
        <RunDetail run={run} />
      )}
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
      if (run.phase && run.phase !== 'copy' && run.rowsCopied === 0)
        return <span className="text-xs text-sky-800">{phaseLabel(run.phase)}…</span>;
      return (
        <span className="text-xs text-sky-800 tabular-nums">
          {formatCount(run.rowsCopied)} rows copied
          {run.progress ? ` of ~${formatCount(run.progress.rowEstimate)}` : ''}
          {run.progress?.percent != null ? ` (${run.progress.percent}%)` : ''}
          {run.rowsPerSecond ? ` · ${formatRate(run.rowsPerSecond)}` : ''}
          {run.progress?.etaSeconds != null ? ` · about ${formatDuration(run.progress.etaSeconds * 1000)} left` : ''}
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
              <code className="ml-1.5 rounded bg-rose-50 px-1 py-px font-mono text-[11px] text-rose-600 dark:text-rose-400">
                {run.error.code}
              </code>
            </>
          ) : (
            'The run failed.'
          )}
          <span className="block text-slate-600 tabular-nums">{failedRows(run)}</span>
        </span>
      );
    case 'cancelled':
      return (
        <span className="text-xs text-zinc-600">
          {run.error?.message ?? 'Cancelled; the destination kept its previous rows.'}
        </span>
      );
    case 'skipped':
      return (
        <span className="text-xs text-violet-700">
          {run.error?.message ?? 'Skipped: the previous run was still active.'}
        </span>
      );
  }
}

/** A failed run landed nothing: say so, with how far it read, instead of a count that looks like success. */
export function failedRows(run: RunDto): string {
  return run.rowsRead !== null && run.rowsRead > 0
    ? `0 rows written (${formatCount(run.rowsRead)} read before the failure)`
    : '0 rows written';
}

/** A running run against its estimate: a bar, rows of the total, percent, rate and time left. */
function RunProgress({ run, estimate }: { run: RunDto; estimate: number }) {
  const percent = Math.min(100, Math.floor((run.rowsCopied / estimate) * 100));
  const elapsed = run.startedAt ? Date.now() - run.startedAt.getTime() : 0;
  const remaining = estimateRemainingMs(run.rowsCopied, estimate, elapsed);
  return (
    <div className="flex flex-col gap-1 text-xs text-sky-800 tabular-nums">
      <div
        role="progressbar"
        aria-label="Rows copied"
        aria-valuemin={0}
        aria-valuemax={estimate}
        aria-valuenow={Math.min(run.rowsCopied, estimate)}
        className="h-1.5 w-48 max-w-full overflow-hidden rounded-full bg-sky-100"
      >
        <div className="h-full rounded-full bg-sky-500" style={{ width: `${percent}%` }} />
      </div>
      <span>
        {formatCount(run.rowsCopied)} rows copied of ~{formatCount(estimate)} ({percent}%)
        {run.rowsPerSecond ? ` · ${formatRate(run.rowsPerSecond)}` : ''}
        {remaining !== null ? ` · about ${formatDuration(remaining)} left` : ''}
      </span>
    </div>
  );
}
