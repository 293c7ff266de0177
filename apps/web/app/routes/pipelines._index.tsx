import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { pipelineProgress } from '../lib/pipeline-progress.js';
import { pollWhileActive } from '../lib/live-polling.js';
import { useCan } from '../lib/session.js';
import { trpc } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Pipelines · PipeCraft' }];

export default function PipelinesPage() {
  const canCreate = useCan('pipelines.create');
  const pipelines = trpc.pipelines.list.useQuery(undefined, {
    refetchInterval: (query) =>
      pollWhileActive(query.state.data?.flatMap((p) => p.members.map((m) => m.lastRun?.status)) ?? []),
  });
  const newButton = canCreate && (
    <ButtonLink to="/pipelines/new" variant="primary">
      New pipeline
    </ButtonLink>
  );
  return (
    <>
      <PageHeader
        title="Pipelines"
        description="A pipeline copies many tables of one schema into another, one sync per table, run and scheduled together."
        actions={newButton}
      />
      <Card>
        <QueryState
          query={pipelines}
          loadingLabel="Loading pipelines…"
          errorTitle="Could not load pipelines"
          empty={
            <EmptyState
              title="No pipelines yet"
              description="Pick a source schema, select all tables, and create one sync per table in one step."
              action={newButton}
            />
          }
        >
          {(list) => (
            <DataTable
              head={
                <>
                  <th scope="col" className="px-4 py-2">
                    Name
                  </th>
                  <th scope="col" className="px-4 py-2">
                    From → to
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Tables
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Latest runs
                  </th>
                </>
              }
            >
              {list.map((pipeline) => (
                <tr key={pipeline.id}>
                  <td className="px-4 py-2 font-medium">
                    <Link to={`/pipelines/${pipeline.id}`} className="text-indigo-700 hover:underline">
                      {pipeline.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2 text-slate-600">
                    {pipeline.source.connectionName}/{pipeline.source.schema} → {pipeline.destination.connectionName}/
                    {pipeline.destination.schema}
                  </td>
                  <td className="px-4 py-2 tabular-nums">{pipeline.members.length}</td>
                  <td className="px-4 py-2 text-slate-600">{pipelineProgress(pipeline.members).summary}</td>
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
