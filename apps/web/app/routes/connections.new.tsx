import type { MetaFunction } from '@remix-run/node';
import { Link, useNavigate } from '@remix-run/react';
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

export const meta: MetaFunction = () => [{ title: 'New connection · PipeCraft' }];

export default function NewConnectionPage() {
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const dialects = useDialects();
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedChangesGuard(dirty);
  const create = trpc.connections.create.useMutation({
    onSuccess: async (connection) => {
      toast({
        tone: 'success',
        title: 'Connection saved',
        description: `“${connection.name}” is ready. Test it from the list.`,
      });
      await utils.connections.list.invalidate();
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
        title="New connection"
        description="PipeCraft keeps the password encrypted in its own store and never sends it back to the browser."
      />
      <Card>
        <QueryState query={dialects} errorTitle="Could not load the database types">
          {(list) => (
            <ConnectionForm
              dialects={list}
              onDirtyChange={setDirty}
              submitLabel="Save connection"
              busy={create.isPending}
              error={create.error}
              onSubmit={({ clearPassword: _unused, ...input }) => create.mutate(input)}
            />
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
