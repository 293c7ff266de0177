import type { MetaFunction } from '@remix-run/node';
import { ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { SyncTable } from '../components/sync-table.js';
import { pollWhileActive } from '../lib/live-polling.js';
import { trpc } from '../lib/trpc.js';
import { useCan } from '../lib/session.js';

export const meta: MetaFunction = () => [{ title: 'Syncs · PipeCraft' }];

export default function SyncsPage() {
  const canCreate = useCan('syncs.create');
  const syncs = trpc.syncs.list.useQuery(undefined, {
    refetchInterval: (query) => pollWhileActive(query.state.data?.map((s) => s.lastRun?.status) ?? []),
  });
  return (
    <>
      <PageHeader
        title="Syncs"
        description="Each sync copies one source table into one destination table, replacing its rows atomically."
        actions={
          canCreate && (
            <ButtonLink to="/syncs/new" variant="primary">
              New sync
            </ButtonLink>
          )
        }
      />
      <Card>
        <QueryState
          query={syncs}
          loadingLabel="Loading syncs…"
          errorTitle="Could not load syncs"
          empty={
            <EmptyState
              title="No syncs yet"
              description="Pick a source table and a destination; PipeCraft shows what a run will do before you save."
              action={
                canCreate && (
                  <ButtonLink to="/syncs/new" variant="primary">
                    New sync
                  </ButtonLink>
                )
              }
            />
          }
        >
          {(list) => <SyncTable syncs={list} />}
        </QueryState>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
