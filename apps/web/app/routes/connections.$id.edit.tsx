import type { MetaFunction } from '@remix-run/node';
import { Link, useNavigate, useParams } from '@remix-run/react';
import { useState } from 'react';
import { Card } from '../components/card.js';
import { ConnectionForm } from '../components/connection-form.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { useToast } from '../components/toast.js';
import { useDialects } from '../lib/engine-terms.js';
import { trpc } from '../lib/trpc.js';
import { useUnsavedChangesGuard } from '../lib/use-unsaved-changes-guard.js';
import { UnsavedChangesDialog } from '../components/unsaved-changes-dialog.js';

export const meta: MetaFunction = () => [{ title: 'Edit connection · PipeCraft' }];

export default function EditConnectionPage() {
  const id = useParams().id ?? '';
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const connection = trpc.connections.get.useQuery({ id });
  const dialects = useDialects();
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedChangesGuard(dirty);
  const update = trpc.connections.update.useMutation({
    onSuccess: async (saved) => {
      toast({ tone: 'success', title: 'Connection updated', description: `“${saved.name}” was saved.` });
      await Promise.all([utils.connections.invalidate(), utils.syncs.list.invalidate()]);
      guard.allowLeaving();
      navigate('/connections');
    },
  });

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        eyebrow={
          <Link to="/connections" className="hover:text-slate-700">
            ← Connections
          </Link>
        }
        title={connection.data ? `Edit “${connection.data.name}”` : 'Edit connection'}
        description="Changes apply to every sync that uses this connection, from its next run."
      />
      <Card>
        <QueryState query={connection} errorTitle="Could not load this connection">
          {(stored) => (
            <QueryState query={dialects} errorTitle="Could not load the database types">
              {(list) => (
                <ConnectionForm
                  key={stored.id}
                  connection={stored}
                  dialects={list}
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
      </Card>
      <UnsavedChangesDialog blocker={guard.blocker} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
