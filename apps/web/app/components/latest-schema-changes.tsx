import { Link } from '@remix-run/react';
import { trpc } from '../lib/trpc.js';
import { Card } from './card.js';
import { ErrorNotice } from './error-notice.js';
import { SchemaChangesTable } from './schema-changes-table.js';
import { StatusBadge } from './status-badge.js';
import { Time } from './time.js';

/**
 * The sync page's diff: the newest run that found the source's columns changed, and what
 * PipeCraft did. Nothing at all for a sync whose source never drifted (an empty card every sync
 * would carry is noise); the run-end toasts invalidate `runs.list`, so a new diff appears by itself.
 */
export function LatestSchemaChanges({ syncId, className }: { syncId: string; className?: string }) {
  const latest = trpc.runs.list.useQuery({ syncId, withSchemaChanges: true, limit: 1 });
  if (latest.isError) {
    return (
      <Card title="Schema changes" className={className}>
        <ErrorNotice
          title="Could not load the latest schema changes"
          error={latest.error}
          onRetry={() => void latest.refetch()}
        />
      </Card>
    );
  }
  const run = latest.data?.items[0];
  if (!run) return null;
  return (
    <Card
      title="Schema changes"
      className={className}
      actions={
        <Link to={`/runs/${run.id}`} className="text-xs font-medium text-indigo-700 hover:underline">
          Run details
        </Link>
      }
    >
      <p className="flex flex-wrap items-center gap-2 px-4 pt-3 pb-2 text-xs text-slate-500 sm:px-5">
        <span>
          Found by the run of <Time date={run.startedAt ?? run.createdAt} />
        </span>
        <StatusBadge status={run.status} />
      </p>
      <SchemaChangesTable changes={run.schemaChanges} syncId={syncId} />
    </Card>
  );
}
