import { messageOf } from '../lib/app-error.js';
import type { SyncDto } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { useToast } from './toast.js';

/**
 * Asks before deleting a sync and says why when the server refuses (a run is still active).
 * `sync` null means closed.
 */
export function DeleteSyncDialog({
  sync,
  onClose,
  onDeleted,
}: {
  sync: SyncDto | null;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const remove = trpc.syncs.delete.useMutation({
    onSuccess: async () => {
      toast({ tone: 'success', title: 'Sync deleted', description: sync?.name });
      onClose();
      onDeleted?.();
      await Promise.all([utils.syncs.list.invalidate(), utils.runs.recent.invalidate()]);
    },
  });

  return (
    <ConfirmDialog
      open={sync !== null}
      title={`Delete “${sync?.name ?? ''}”?`}
      confirmLabel="Delete sync"
      busy={remove.isPending}
      error={remove.error ? messageOf(remove.error) : null}
      onConfirm={() => sync && remove.mutate({ id: sync.id })}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    >
      The sync and its run history are removed. Tables already copied stay where they are.
    </ConfirmDialog>
  );
}
