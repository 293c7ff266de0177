import type { MetaFunction } from '@remix-run/node';
import { Link, useNavigate, useParams } from '@remix-run/react';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Card } from '../components/card.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { SyncForm } from '../components/sync-form.js';
import { useToast } from '../components/toast.js';
import { trpc } from '../lib/trpc.js';
import { useUnsavedChangesGuard } from '../lib/use-unsaved-changes-guard.js';
import { UnsavedChangesDialog } from '../components/unsaved-changes-dialog.js';

export const meta: MetaFunction = () => [{ title: 'Edit sync · PipeCraft' }];

export default function EditSyncPage() {
  const id = useParams().id ?? '';
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const sync = trpc.syncs.get.useQuery({ id });
  const connections = trpc.connections.list.useQuery();
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedChangesGuard(dirty);
  const update = trpc.syncs.update.useMutation({
    onSuccess: async (saved) => {
      toast({ tone: 'success', title: 'Sync updated', description: `“${saved.name}” was saved.` });
      await utils.syncs.invalidate();
      guard.allowLeaving();
      navigate(`/syncs/${saved.id}`);
    },
  });

  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        eyebrow={
          <Link to={`/syncs/${id}`} className="hover:text-slate-700">
            ← {sync.data?.name ?? 'Sync'}
          </Link>
        }
        title={sync.data ? `Edit “${sync.data.name}”` : 'Edit sync'}
        description="The change applies from the next run; past runs keep their history."
      />
      <QueryState query={sync} errorTitle="Could not load this sync" frame={inCard}>
        {(stored) => (
          <QueryState query={connections} errorTitle="Could not load connections" frame={inCard}>
            {(list) => (
              <SyncForm
                key={stored.id}
                sync={stored}
                connections={list}
                onDirtyChange={setDirty}
                submitLabel="Save changes"
                busy={update.isPending}
                error={update.error}
                onSubmit={(input) => update.mutate({ id, ...input })}
              />
            )}
          </QueryState>
        )}
      </QueryState>
      <UnsavedChangesDialog blocker={guard.blocker} />
    </div>
  );
}

function inCard(look: ReactNode) {
  return <Card>{look}</Card>;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
