import { messageOf } from '../lib/app-error.js';
import { isActive } from '../lib/live-polling.js';
import type { SyncDto } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { Button } from './button.js';
import type { ButtonProps } from './button.js';
import { useToast } from './toast.js';
import { useCan } from '../lib/session.js';

/** Starts a run; disabled while one is pending or running, since the server would refuse a second. */
export function RunButton({
  sync,
  size = 'sm',
  variant = 'primary',
}: {
  sync: SyncDto;
  size?: ButtonProps['size'];
  variant?: ButtonProps['variant'];
}) {
  const canStart = useCan('runs.start');
  const utils = trpc.useUtils();
  const toast = useToast();
  const start = trpc.runs.start.useMutation({
    onSuccess: () => toast({ tone: 'info', title: `Run of “${sync.name}” started` }),
    onError: (error) =>
      toast({ tone: 'error', title: `Could not start “${sync.name}”`, description: messageOf(error) }),
    onSettled: () => Promise.all([utils.syncs.invalidate(), utils.runs.invalidate()]),
  });
  const active = sync.lastRun !== null && isActive(sync.lastRun.status);
  if (!canStart) return null;

  return (
    <Button
      size={size}
      variant={variant}
      busy={start.isPending}
      disabled={active}
      title={active ? 'A run is already in progress' : undefined}
      aria-label={`Run ${sync.name}`}
      onClick={() => start.mutate({ syncId: sync.id })}
    >
      {active ? 'Running…' : 'Run'}
    </Button>
  );
}
