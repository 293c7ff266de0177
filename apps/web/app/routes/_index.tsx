import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { ErrorNotice } from '../components/error-notice.js';
import { QueryState } from '../components/query-state.js';
import { RunSummary } from '../components/run-summary.js';
import { useDialectList } from '../lib/engine-terms.js';
import { pollWhileActive } from '../lib/live-polling.js';
import { trpc } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Overview · PipeCraft' }];

export default function HomePage() {
  const connections = trpc.connections.list.useQuery();
  const syncs = trpc.syncs.list.useQuery();
  const recent = trpc.runs.recent.useQuery(
    { limit: 8 },
    { refetchInterval: (query) => pollWhileActive(query.state.data?.map((r) => r.status) ?? []) },
  );

  const dialects = useDialectList();
  const list = connections.data ?? [];
  const failing = list.filter((c) => c.lastTest && !c.lastTest.ok).length;
  const passing = list.filter((c) => c.lastTest?.ok).length;
  const untested = list.length - failing - passing;
  // Only claim "all passing" when every connection was actually tested.
  const testsValue =
    failing > 0
      ? `${failing} failing`
      : untested > 0
        ? `${untested} untested`
        : list.length === 0
          ? '—'
          : 'All passing';
  const testsTone = failing > 0 ? 'bad' : untested > 0 || list.length === 0 ? undefined : 'ok';

  return (
    <>
      <section className="mb-8 overflow-hidden rounded-2xl bg-gradient-to-br from-indigo-600 to-indigo-800 dark:from-[oklch(40%_0.2_277)] dark:to-[oklch(28%_0.12_280)] px-6 py-8 text-white shadow-sm sm:px-8">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">
          Keep a table in step with another database.
        </h1>
        <p className="mt-2 max-w-2xl text-sm text-indigo-100 sm:text-base dark:text-[oklch(92%_0.03_272)]">
          {/* The dialect list comes from the engine (meta.dialects); until it arrives the sentence reads fine without it. */}
          PipeCraft copies a table from one database into another{dialects ? ` (${dialects}, in any pairing)` : ''}: it
          maps the column types, shows you the table it will create and anything that cannot be copied exactly, then
          streams the rows in bulk and swaps them in atomically.
        </p>
        <div className="mt-5 flex flex-wrap gap-2">
          <Link
            to="/syncs/new"
            className="rounded-md bg-white px-3.5 py-2 text-sm font-medium text-[oklch(45.7%_0.24_277)] shadow-sm hover:bg-[oklch(96%_0.02_272)]"
          >
            New sync
          </Link>
          <Link
            to="/connections/new"
            className="rounded-md px-3.5 py-2 text-sm font-medium text-white ring-1 ring-white/40 ring-inset hover:bg-white/10"
          >
            Add a connection
          </Link>
        </div>
      </section>

      <div className="mb-8 grid gap-4 sm:grid-cols-3">
        <Stat label="Connections" to="/connections" loading={connections.isPending} value={list.length}>
          {list.filter((c) => c.isSource).length} sources · {list.filter((c) => c.isDestination).length} destinations
        </Stat>
        <Stat
          label="Connection tests"
          to="/connections"
          loading={connections.isPending}
          value={testsValue}
          tone={testsTone}
        >
          {passing} passed · {failing} failed · {untested} not tested
        </Stat>
        <Stat label="Syncs" to="/syncs" loading={syncs.isPending} value={syncs.data?.length ?? 0}>
          {(syncs.data ?? []).filter((s) => s.lastRun?.status === 'failed').length} with a failed last run
        </Stat>
      </div>

      <Card
        title="Recent runs"
        actions={
          <ButtonLink to="/syncs" size="sm" variant="ghost">
            All syncs →
          </ButtonLink>
        }
      >
        <QueryState
          query={recent}
          loadingLabel="Loading runs…"
          errorTitle="Could not load recent runs"
          empty={<EmptyState title="No runs yet" description="Runs appear here as soon as a sync starts." />}
        >
          {(runs) => (
            <ul className="divide-y divide-slate-100">
              {runs.map((run) => (
                <li
                  key={run.id}
                  className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-5"
                >
                  <Link
                    to={`/syncs/${run.syncId}`}
                    className="text-sm font-medium text-slate-900 hover:text-indigo-600"
                  >
                    {run.syncName}
                  </Link>
                  <RunSummary run={run} showWhen />
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
      {connections.isError ? (
        <div className="mt-4">
          <ErrorNotice
            title="Could not load connections"
            error={connections.error}
            onRetry={() => void connections.refetch()}
          />
        </div>
      ) : null}
    </>
  );
}

function Stat({
  label,
  value,
  to,
  loading,
  tone,
  children,
}: {
  label: string;
  value: ReactNode;
  to: string;
  loading: boolean;
  tone?: 'ok' | 'bad' | undefined;
  children: ReactNode;
}) {
  return (
    <Link
      to={to}
      className="group rounded-xl bg-surface p-4 shadow-sm ring-1 ring-slate-200 transition hover:ring-indigo-300"
    >
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <p
        className={`mt-1 text-2xl font-semibold tabular-nums ${tone === 'bad' ? 'text-rose-600 dark:text-rose-400' : tone === 'ok' ? 'text-emerald-700' : 'text-slate-900'}`}
      >
        {loading ? <span className="inline-block h-7 w-12 animate-pulse rounded bg-slate-100" /> : value}
      </p>
      <p className="mt-1 text-xs text-slate-500">{loading ? '\u00a0' : children}</p>
    </Link>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
