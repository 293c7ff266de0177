import type { MetaFunction } from '@remix-run/node';
import { useState } from 'react';
import { ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { TextField } from '../components/field.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { SyncTable } from '../components/sync-table.js';
import { pollWhileActive } from '../lib/live-polling.js';
import { trpc, type SyncDto } from '../lib/trpc.js';
import { useCan } from '../lib/session.js';

export const meta: MetaFunction = () => [{ title: 'Syncs · PipeCraft' }];

/** Matches the name, the description, either table or either connection, ignoring case. */
function matches(sync: SyncDto, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [
    sync.name,
    sync.description ?? '',
    `${sync.source.schema}.${sync.source.table}`,
    `${sync.destination.schema}.${sync.destination.table}`,
    sync.source.connectionName,
    sync.destination.connectionName,
  ].some((text) => text.toLowerCase().includes(needle));
}

export default function SyncsPage() {
  const canCreate = useCan('syncs.create');
  const [search, setSearch] = useState('');
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
          {(list) => {
            // Sorting is the table's own: its column headers (name, last run) sort both ways.
            const shown = list.filter((sync) => matches(sync, search));
            return (
              <>
                <div className="border-b border-slate-100 p-4 sm:px-5">
                  <TextField
                    label="Search"
                    name="search"
                    type="search"
                    value={search}
                    placeholder="Name, table or connection"
                    onChange={(e) => setSearch(e.target.value)}
                  />
                </div>
                {shown.length > 0 ? (
                  <SyncTable syncs={shown} />
                ) : (
                  <EmptyState title="No sync matches" description={`Nothing matches “${search.trim()}”.`} />
                )}
              </>
            );
          }}
        </QueryState>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
