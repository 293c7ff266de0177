import { CURSOR_WRITE_MODES } from '@pipecraft/api/schemas';
import type { MetaFunction } from '@remix-run/node';
import { Link, useNavigate, useParams } from '@remix-run/react';
import { useState } from 'react';
import { Button, ButtonLink } from '../components/button.js';
import { DeleteSyncDialog } from '../components/delete-sync-dialog.js';
import { CancelRunButton } from '../components/cancel-run-button.js';
import { Card } from '../components/card.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { LatestSchemaChanges } from '../components/latest-schema-changes.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { RunButton } from '../components/run-button.js';
import { RunHistory } from '../components/run-history.js';
import { RunSummary } from '../components/run-summary.js';
import { ScheduleCard } from '../components/schedule-card.js';
import { TableRef } from '../components/sync-table.js';
import { WatermarkCard } from '../components/watermark-card.js';
import { appCodeOf } from '../lib/app-error.js';
import { useWriteModeLabel } from '../lib/engine-terms.js';
import { Time } from '../components/time.js';
import { pollWhileActive } from '../lib/live-polling.js';
import { trpc } from '../lib/trpc.js';
import { useRowEstimate } from '../lib/use-row-estimate.js';
import { useCan } from '../lib/session.js';

export const meta: MetaFunction = () => [{ title: 'Sync · PipeCraft' }];

export default function SyncPage() {
  const id = useParams().id ?? '';
  const navigate = useNavigate();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const canEdit = useCan('syncs.update');
  const canDelete = useCan('syncs.delete');
  const writeModeLabel = useWriteModeLabel();
  const sync = trpc.syncs.get.useQuery(
    { id },
    { refetchInterval: (query) => pollWhileActive([query.state.data?.lastRun?.status]) },
  );
  const estimate = useRowEstimate(sync.data);

  const missing = appCodeOf(sync.error) === 'NOT_FOUND';

  return (
    <QueryState
      query={sync}
      loadingLabel="Loading sync…"
      errorTitle={missing ? 'There is no such sync' : 'Could not load this sync'}
      canRetry={() => !missing}
      frame={(look) =>
        sync.isError ? (
          <>
            <PageHeader
              eyebrow={
                <Link to="/syncs" className="hover:text-slate-700">
                  ← Syncs
                </Link>
              }
              title={missing ? 'Sync not found' : 'Sync'}
            />
            <Card>{look}</Card>
          </>
        ) : (
          look
        )
      }
    >
      {(s) => (
        <>
          <PageHeader
            eyebrow={
              <Link to="/syncs" className="hover:text-slate-700">
                ← Syncs
              </Link>
            }
            title={s.name}
            description={s.description || undefined}
            actions={
              <>
                {canDelete ? (
                  <Button
                    variant="ghost"
                    className="text-rose-600 dark:text-rose-400 hover:bg-rose-50 hover:text-rose-700"
                    onClick={() => setConfirmingDelete(true)}
                  >
                    Delete
                  </Button>
                ) : null}
                {canEdit ? <ButtonLink to={`/syncs/${s.id}/edit`}>Edit</ButtonLink> : null}
                <CancelRunButton run={s.lastRun} syncName={s.name} />
                <RunButton sync={s} size="md" />
              </>
            }
          />

          <div className="mb-6 grid gap-4 md:grid-cols-3">
            <Card title="Source">
              <div className="p-4 sm:px-5">
                <TableRef schema={s.source.schema} table={s.source.table} connection={s.source.connectionName} />
              </div>
            </Card>
            <Card title="Destination">
              <div className="p-4 sm:px-5">
                <TableRef
                  schema={s.destination.schema}
                  table={s.destination.table}
                  connection={s.destination.connectionName}
                />
                <p className="mt-2 text-xs text-slate-500">
                  {writeModeLabel(s.writeMode)} · created <Time date={s.createdAt} />
                </p>
              </div>
            </Card>
            <Card
              title="Latest run"
              actions={
                s.lastRun ? (
                  <Link to={`/runs/${s.lastRun.id}`} className="text-xs font-medium text-indigo-700 hover:underline">
                    Details
                  </Link>
                ) : null
              }
            >
              <div className="p-4 sm:px-5" aria-live="polite" data-testid="latest-run">
                {s.lastRun ? (
                  <RunSummary run={s.lastRun} showWhen estimate={estimate} />
                ) : (
                  <p className="text-sm text-slate-500">Never run yet.</p>
                )}
              </div>
            </Card>
          </div>

          <LatestSchemaChanges syncId={s.id} className="mb-6" />
          <div className="mb-6">
            <ScheduleCard target={{ syncId: s.id }} />
          </div>
          {CURSOR_WRITE_MODES.includes(s.writeMode) ? (
            <div className="mb-6">
              <WatermarkCard sync={s} />
            </div>
          ) : null}

          <Card title="Run history">
            <RunHistory syncId={s.id} />
          </Card>
          <DeleteSyncDialog
            sync={confirmingDelete ? s : null}
            onClose={() => setConfirmingDelete(false)}
            onDeleted={() => navigate('/syncs')}
          />
        </>
      )}
    </QueryState>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
