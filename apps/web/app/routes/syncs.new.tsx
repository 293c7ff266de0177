import type { MetaFunction } from '@remix-run/node';
import { Link, useNavigate, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { SyncForm } from '../components/sync-form.js';
import { useToast } from '../components/toast.js';
import { trpc } from '../lib/trpc.js';
import { useUnsavedChangesGuard } from '../lib/use-unsaved-changes-guard.js';
import { UnsavedChangesDialog } from '../components/unsaved-changes-dialog.js';

export const meta: MetaFunction = () => [{ title: 'New sync · PipeCraft' }];

export default function NewSyncPage() {
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const connections = trpc.connections.list.useQuery();
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedChangesGuard(dirty);
  // "Sync this table" on a connection page opens this form with its source chosen.
  const [params] = useSearchParams();
  const prefillSource = params.get('source')
    ? { connectionId: params.get('source') ?? '', schema: params.get('schema') ?? '', table: params.get('table') ?? '' }
    : undefined;
  const create = trpc.syncs.create.useMutation({
    onSuccess: async (sync) => {
      toast({ tone: 'success', title: 'Sync saved', description: `“${sync.name}” is ready to run.` });
      await utils.syncs.list.invalidate();
      guard.allowLeaving();
      navigate(`/syncs/${sync.id}`);
    },
  });

  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        eyebrow={
          <Link to="/syncs" className="hover:text-slate-700">
            ← Syncs
          </Link>
        }
        title="New sync"
        description="Choose what to copy and where. Nothing is written until you run the sync."
      />
      <QueryState
        query={connections}
        errorTitle="Could not load connections"
        frame={(look) => <Card>{look}</Card>}
        empty={
          <EmptyState
            title="Add a connection first"
            description="A sync reads from a source connection and writes into a destination connection."
            action={
              <ButtonLink to="/connections/new" variant="primary">
                New connection
              </ButtonLink>
            }
          />
        }
      >
        {(list) => (
          <SyncForm
            connections={list}
            prefillSource={prefillSource}
            onDirtyChange={setDirty}
            submitLabel="Save sync"
            busy={create.isPending}
            error={create.error}
            onSubmit={(input) => create.mutate(input)}
          />
        )}
      </QueryState>
      <UnsavedChangesDialog blocker={guard.blocker} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
