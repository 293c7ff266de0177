import type { MetaFunction } from '@remix-run/node';
import { Link, useParams } from '@remix-run/react';
import { Button } from '../components/button.js';
import { CancelRunButton } from '../components/cancel-run-button.js';
import { Card } from '../components/card.js';
import { DataTable } from '../components/data-table.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { RunSummary } from '../components/run-summary.js';
import { ScheduleCard } from '../components/schedule-card.js';
import { useToast } from '../components/toast.js';
import { messageOf } from '../lib/app-error.js';
import { useWriteModeLabel } from '../lib/engine-terms.js';
import { LIVE_POLL_MS } from '../lib/live-polling.js';
import { pipelineProgress } from '../lib/pipeline-progress.js';
import { useCan } from '../lib/session.js';
import { trpc } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Pipeline · PipeCraft' }];

/** A pipeline's members with their latest runs, live while any runs; run it, cancel a member, schedule it. */
export default function PipelinePage() {
  const id = useParams().id ?? '';
  const canRun = useCan('pipelines.run');
  const toast = useToast();
  const utils = trpc.useUtils();
  const writeModeLabel = useWriteModeLabel();
  const pipeline = trpc.pipelines.get.useQuery(
    { id },
    // Members start one after another: poll while the pipeline says it is running, not only while a member is.
    { refetchInterval: (query) => (query.state.data?.running ? LIVE_POLL_MS : false) },
  );
  const run = trpc.pipelines.run.useMutation({
    onSuccess: (answer) => {
      toast({ tone: 'info', title: `Pipeline started: ${answer.members} tables` });
      return utils.pipelines.get.invalidate({ id });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not start the pipeline', description: messageOf(error) }),
  });

  return (
    <QueryState query={pipeline} loadingLabel="Loading pipeline…" errorTitle="Could not load this pipeline">
      {(p) => {
        const progress = pipelineProgress(p.members);
        return (
          <>
            <PageHeader
              eyebrow={
                <Link to="/pipelines" className="hover:text-slate-700">
                  ← Pipelines
                </Link>
              }
              title={p.name}
              description={`${p.source.connectionName}/${p.source.schema} → ${p.destination.connectionName}/${p.destination.schema} · ${writeModeLabel(p.writeMode)} · ${p.concurrency} at once`}
              actions={
                canRun ? (
                  <Button
                    variant="primary"
                    busy={run.isPending}
                    disabled={p.running}
                    onClick={() => run.mutate({ id: p.id })}
                  >
                    {p.running ? 'Running…' : 'Run pipeline'}
                  </Button>
                ) : null
              }
            />
            <p className="mb-4 text-sm text-slate-600" aria-live="polite" data-testid="pipeline-progress">
              {progress.summary}
            </p>
            <div className="mb-6">
              <ScheduleCard target={{ pipelineId: p.id }} />
            </div>
            <Card title={`Tables (${p.members.length})`}>
              <DataTable
                head={
                  <>
                    <th scope="col" className="px-4 py-2">
                      Table
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Latest run
                    </th>
                    <th scope="col" className="px-4 py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  </>
                }
              >
                {p.members.map((sync) => (
                  <tr key={sync.id} data-sync={sync.source.table}>
                    <td className="px-4 py-2">
                      <Link to={`/syncs/${sync.id}`} className="font-mono text-indigo-700 hover:underline">
                        {sync.source.table} → {sync.destination.table}
                      </Link>
                    </td>
                    <td className="px-4 py-2">
                      {sync.lastRun ? (
                        <RunSummary run={sync.lastRun} />
                      ) : (
                        <span className="text-xs text-slate-500">Never run</span>
                      )}
                    </td>
                    <td className="px-4 py-2 text-right">
                      <CancelRunButton run={sync.lastRun} syncName={sync.name} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            </Card>
          </>
        );
      }}
    </QueryState>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
