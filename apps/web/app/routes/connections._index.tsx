import type { MetaFunction } from '@remix-run/node';
import { ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { ConnectionTable } from '../components/connection-table.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { useDialectList } from '../lib/engine-terms.js';
import { trpc } from '../lib/trpc.js';
import { useCan } from '../lib/session.js';

export const meta: MetaFunction = () => [{ title: 'Connections · PipeCraft' }];

export default function ConnectionsPage() {
  const canCreate = useCan('connections.create');
  const connections = trpc.connections.list.useQuery();
  const dialects = useDialectList();
  return (
    <>
      <PageHeader
        title="Connections"
        description="Saved profiles for the databases PipeCraft reads from and writes to. Test one to check that it answers."
        actions={
          canCreate && (
            <ButtonLink to="/connections/new" variant="primary">
              New connection
            </ButtonLink>
          )
        }
      />
      <Card>
        <QueryState
          query={connections}
          loadingLabel="Loading connections…"
          errorTitle="Could not load connections"
          empty={
            <EmptyState
              title="No connections yet"
              description={`Add the ${dialects ? `${dialects} ` : ''}database you want to copy from, and the one you want to copy into.`}
              action={
                canCreate && (
                  <ButtonLink to="/connections/new" variant="primary">
                    New connection
                  </ButtonLink>
                )
              }
            />
          }
        >
          {(list) => <ConnectionTable connections={list} />}
        </QueryState>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
