import type { MetaFunction } from '@remix-run/node';
import { Link, useParams } from '@remix-run/react';
import type { ReactNode } from 'react';
import { Card } from '../components/card.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { SchemaChangesTable } from '../components/schema-changes-table.js';
import { phaseLabel, RunPhases } from '../components/run-phases.js';
import { failedRows, RunDetail } from '../components/run-summary.js';
import { StatusBadge } from '../components/status-badge.js';
import { appCodeOf } from '../lib/app-error.js';
import { labelOf, useDialects, useWriteModes } from '../lib/engine-terms.js';
import { formatCount, formatDuration, formatRate } from '../lib/format.js';
import { Time } from '../components/time.js';
import { pollWhileActive } from '../lib/live-polling.js';
import { trpc, type RunDto } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Run · PipeCraft' }];

/** One run's record: outcome, rows, steps and their timings, error and hint, the configuration it ran with. */
export default function RunPage() {
  const id = useParams().id ?? '';
  const run = trpc.runs.get.useQuery(
    { id },
    { refetchInterval: (query) => pollWhileActive([query.state.data?.status]) },
  );
  const missing = appCodeOf(run.error) === 'NOT_FOUND';
  // The snapshot keeps names as they were; labels for names the server no longer knows fall back to the name.
  const writeModes = useWriteModes().data;
  const back = (
    <Link to="/runs" className="hover:text-slate-700">
      ← Run history
    </Link>
  );
  return (
    <QueryState
      query={run}
      loadingLabel="Loading the run…"
      errorTitle={missing ? 'There is no such run' : 'Could not load this run'}
      canRetry={() => !missing}
      frame={(look) =>
        run.isError ? (
          <>
            <PageHeader eyebrow={back} title={missing ? 'Run not found' : 'Run'} />
            <Card>{look}</Card>
          </>
        ) : (
          look
        )
      }
    >
      {(r) => (
        <>
          <PageHeader
            eyebrow={back}
            title={
              <span className="flex flex-wrap items-center gap-3">
                Run of{' '}
                <Link to={`/syncs/${r.syncId}`} className="text-indigo-700 hover:underline">
                  {r.config?.syncName ?? r.syncName}
                </Link>
                <StatusBadge status={r.status} />
              </span>
            }
            description={<span className="font-mono text-xs">{r.id}</span>}
          />
          <div className="grid gap-6">
            <Card title="Outcome">
              <dl className="grid gap-x-6 gap-y-3 p-4 text-sm sm:grid-cols-3 sm:p-5">
                <Fact label="Rows written">{rowsWritten(r)}</Fact>
                <Fact label="Rows read">{r.rowsRead !== null ? formatCount(r.rowsRead) : '—'}</Fact>
                <Fact label="Source estimate">
                  {r.progress ? `~${formatCount(r.progress.rowEstimate)}` : 'none (no statistics)'}
                </Fact>
                <Fact label="Created">
                  <Time date={r.createdAt} />
                </Fact>
                <Fact label="Started">{r.startedAt ? <Time date={r.startedAt} /> : '—'}</Fact>
                <Fact label="Finished">{r.finishedAt ? <Time date={r.finishedAt} /> : '—'}</Fact>
                <Fact label="Duration">{r.durationMs !== null ? formatDuration(r.durationMs) : '—'}</Fact>
                <Fact label="Throughput">{r.rowsPerSecond ? formatRate(r.rowsPerSecond) : '—'}</Fact>
                <Fact label="Now">
                  {r.status === 'running' && r.phase ? phaseLabel(r.phase) : r.status === 'running' ? 'Starting' : '—'}
                </Fact>
              </dl>
              {r.status === 'running' || r.status === 'queued' || r.status === 'pending' ? (
                <div className="border-t border-slate-100 px-4 py-3 sm:px-5">
                  <RunDetail run={r} />
                  {r.progress?.percent != null ? (
                    <div
                      role="progressbar"
                      aria-label="Copy progress"
                      aria-valuenow={r.progress.percent}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      className="mt-2 h-2 rounded-full bg-slate-100"
                    >
                      <div className="h-2 rounded-full bg-sky-500" style={{ width: `${r.progress.percent}%` }} />
                    </div>
                  ) : null}
                </div>
              ) : null}
            </Card>

            {r.error ? (
              <Card title="Error">
                <div className="space-y-2 p-4 text-sm sm:p-5" role="alert">
                  <p className="text-rose-800">
                    {r.error.message}
                    <code className="ml-2 rounded bg-rose-50 px-1.5 py-px font-mono text-xs text-rose-700">
                      {r.error.code}
                    </code>
                  </p>
                  {r.error.hint ? (
                    <p className="text-slate-700">
                      <span className="font-medium">What to do: </span>
                      {r.error.hint}
                    </p>
                  ) : null}
                </div>
              </Card>
            ) : null}

            {r.schemaChanges.length > 0 ? (
              <Card title="Schema changes">
                <SchemaChangesTable changes={r.schemaChanges} syncId={r.syncId} />
              </Card>
            ) : null}

            {r.warnings.length > 0 ? (
              <Card title={`Warnings (${r.warnings.length})`}>
                <ul className="list-disc space-y-1 py-4 pr-4 pl-8 text-sm text-amber-800 sm:pr-5">
                  {r.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              </Card>
            ) : null}

            <Card title="Steps">
              {r.phases.length > 0 ? (
                <RunPhases run={r} />
              ) : (
                <p className="p-4 text-sm text-slate-500 sm:p-5">
                  {r.startedAt ? 'This run was recorded before PipeCraft kept its steps.' : 'The run has not started.'}
                </p>
              )}
            </Card>

            <Card title="Configuration at the start">
              {r.config ? (
                <dl className="grid gap-x-6 gap-y-3 p-4 text-sm sm:grid-cols-2 sm:p-5">
                  <Fact label="Source">
                    <Endpoint endpoint={r.config.source} />
                  </Fact>
                  <Fact label="Destination">
                    <Endpoint endpoint={r.config.destination} />
                  </Fact>
                  <Fact label="Sync name">{r.config.syncName}</Fact>
                  <Fact label="Write mode">{labelOf(writeModes, r.config.writeMode)}</Fact>
                </dl>
              ) : (
                <p className="p-4 text-sm text-slate-500 sm:p-5">
                  This run was recorded before PipeCraft kept the configuration it ran with.
                </p>
              )}
            </Card>
          </div>
        </>
      )}
    </QueryState>
  );
}

function rowsWritten(run: RunDto): string {
  if (run.status === 'failed') return failedRows(run);
  if (run.status === 'success') return formatCount(run.rowCount ?? run.rowsCopied);
  return `${formatCount(run.rowsCopied)} so far`;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-slate-900 tabular-nums">{children}</dd>
    </div>
  );
}

function Endpoint({ endpoint }: { endpoint: NonNullable<RunDto['config']>['source'] }) {
  const dialects = useDialects().data;
  return (
    <>
      <span className="font-mono text-xs">
        {endpoint.schema}.{endpoint.table}
      </span>
      <span className="block text-xs text-slate-500">
        {endpoint.connectionName} ({labelOf(dialects, endpoint.dialect)})
      </span>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
