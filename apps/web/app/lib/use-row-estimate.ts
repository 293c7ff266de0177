import { useCan } from './session.js';
import type { SyncDto } from './trpc.js';
import { trpc } from './trpc.js';

/**
 * How many rows a run of `sync` will likely copy: the last successful run's count (the best guess
 * for a table that changes slowly), else the source table's catalog estimate (for those who may
 * browse the source). Null when neither is known: progress then shows a count without a total.
 */
export function useRowEstimate(sync: SyncDto | undefined): number | null {
  const canBrowse = useCan('discovery.tables');
  const history = trpc.runs.list.useQuery({ syncId: sync?.id ?? '', limit: 10 }, { enabled: sync !== undefined });
  const lastSuccess = history.data?.items.find((run) => run.status === 'success' && run.rowCount !== null);
  const tables = trpc.discovery.tables.useQuery(
    { connectionId: sync?.source.connectionId ?? '', schema: sync?.source.schema ?? '' },
    { enabled: sync !== undefined && canBrowse && history.isSuccess && !lastSuccess, staleTime: 60_000 },
  );
  if (lastSuccess?.rowCount != null) return lastSuccess.rowCount;
  return tables.data?.find((table) => table.name === sync?.source.table)?.rowEstimate ?? null;
}
