import type { MetaFunction } from '@remix-run/node';
import { ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { ConnectionTable } from '../components/connection-table.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { ErrorNotice } from '../components/error-notice.js';
import { PageHeader } from '../components/page-header.js';
import { LoadingState } from '../components/spinner.js';
import { trpc } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Connections · PipeCraft' }];

export default function ConnectionsPage() {
  const connections = trpc.connections.list.useQuery();
  return (
    <>
      <PageHeader
        title="Connections"
        description="Saved profiles for the databases PipeCraft reads from and writes to. Test one to check that it answers."
        actions={
          <ButtonLink to="/connections/new" variant="primary">
            New connection
          </ButtonLink>
        }
      />
      <Card>
        {connections.isPending ? (
          <LoadingState label="Loading connections…" />
        ) : connections.isError ? (
          <ErrorNotice title="Could not load connections" error={connections.error} onRetry={() => void connections.refetch()} />
        ) : connections.data.length === 0 ? (
          <EmptyState
            title="No connections yet"
            description="Add the PostgreSQL or MySQL database you want to copy from, and the one you want to copy into."
            action={
              <ButtonLink to="/connections/new" variant="primary">
                New connection
              </ButtonLink>
            }
          />
        ) : (
          <ConnectionTable connections={connections.data} />
        )}
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
