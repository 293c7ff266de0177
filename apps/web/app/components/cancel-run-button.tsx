import { messageOf } from '../lib/app-error.js';
import { isActive } from '../lib/live-polling.js';
import { useCan } from '../lib/session.js';
import type { RunDto } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { Button } from './button.js';
import { useToast } from './toast.js';

/**
 * Cancels an active run. The server answers once the run is recorded cancelled (a few seconds at
 * most, also while it waits for a lock), so the button stays busy until then.
 */
export function CancelRunButton({ run, syncName }: { run: RunDto | null; syncName: string }) {
  const canCancel = useCan('runs.cancel');
  const utils = trpc.useUtils();
  const toast = useToast();
  const cancel = trpc.runs.cancel.useMutation({
    onSuccess: (answer) =>
      toast(
        answer.cancelled
          ? {
              tone: 'info',
              title: `Run of “${syncName}” cancelled`,
              description: 'The destination kept its previous rows.',
            }
          : { tone: 'info', title: `The run of “${syncName}” had already finished` },
      ),
    onError: (error) =>
      toast({ tone: 'error', title: `Could not cancel “${syncName}”`, description: messageOf(error) }),
    onSettled: () => Promise.all([utils.syncs.invalidate(), utils.runs.invalidate()]),
  });
  if (!canCancel || !run || !isActive(run.status)) return null;
  return (
    <Button
      variant="ghost"
      className="text-rose-600 hover:bg-rose-50 hover:text-rose-700"
      busy={cancel.isPending}
      aria-label={`Cancel the run of ${syncName}`}
      onClick={() => cancel.mutate({ id: run.id })}
    >
      Cancel run
    </Button>
  );
}
