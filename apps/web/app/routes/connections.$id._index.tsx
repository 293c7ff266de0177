import type { MetaFunction } from '@remix-run/node';
import { Link, useParams } from '@remix-run/react';
import { messageOf } from '../lib/app-error.js';
import { useDialectLabel } from '../lib/engine-terms.js';
import { useCan } from '../lib/session.js';
import { trpc } from '../lib/trpc.js';
import { Button, ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { ConnectionHealth } from '../components/connection-health.js';
import { DiscoveryBrowser } from '../components/discovery-browser.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { useToast } from '../components/toast.js';
import { UsedByLinks } from '../components/used-by-links.js';

export const meta: MetaFunction = () => [{ title: 'Connection · PipeCraft' }];

/** One connection: how it is doing, who uses it, and (for editors) its schemas, tables and columns. */
export default function ConnectionPage() {
  const id = useParams().id ?? '';
  const connection = trpc.connections.get.useQuery({ id });
  const canBrowse = useCan('discovery.tables');
  const canTest = useCan('connections.test');
  const canEdit = useCan('connections.update');
  const dialectLabel = useDialectLabel();
  const utils = trpc.useUtils();
  const toast = useToast();
  const test = trpc.connections.test.useMutation({
    onSuccess: async () => {
      await utils.connections.invalidate();
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not test the connection', description: messageOf(error) }),
  });

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/connections" className="hover:text-slate-700">
            ← Connections
          </Link>
        }
        title={connection.data?.name ?? 'Connection'}
        description={
          connection.data ? (
            <span className="font-mono text-xs">
              {dialectLabel(connection.data.dialect)} · {connection.data.username}@{connection.data.host}:
              {connection.data.port}/{connection.data.database}
            </span>
          ) : undefined
        }
        actions={
          connection.data ? (
            <>
              {canTest ? (
                <Button busy={test.isPending} onClick={() => test.mutate({ id })}>
                  Test
                </Button>
              ) : null}
              {canEdit ? <ButtonLink to={`/connections/${id}/edit`}>Edit</ButtonLink> : null}
            </>
          ) : null
        }
      />
      <QueryState query={connection} errorTitle="Could not load this connection" frame={(look) => <Card>{look}</Card>}>
        {(c) => (
          <div className="space-y-6">
            <div className="grid gap-4 md:grid-cols-2">
              <Card title="Health">
                <div className="px-4 py-3 sm:px-5" aria-live="polite">
                  {test.isPending ? (
                    <span className="text-xs text-slate-500">Testing…</span>
                  ) : (
                    <ConnectionHealth connection={c} latestTest={c.lastTest} />
                  )}
                </div>
              </Card>
              <section
                id="used-by"
                aria-labelledby="used-by-heading"
                className="rounded-xl bg-surface shadow-sm ring-1 ring-slate-200"
              >
                <h2
                  id="used-by-heading"
                  className="border-b border-slate-100 px-4 py-3 text-sm font-semibold text-slate-900 sm:px-5"
                >
                  Used by {c.usedBy.length === 1 ? '1 sync' : `${c.usedBy.length} syncs`}
                </h2>
                <div className="px-4 py-3 sm:px-5">
                  <UsedByLinks syncs={c.usedBy} />
                </div>
              </section>
            </div>
            {canBrowse ? (
              <section aria-labelledby="browse-heading">
                <h2 id="browse-heading" className="mb-3 text-base font-semibold text-slate-900">
                  Browse
                </h2>
                <DiscoveryBrowser connection={c} />
              </section>
            ) : null}
          </div>
        )}
      </QueryState>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
