import { useState } from 'react';
import type { SyncDto } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { messageOf } from '../lib/app-error.js';
import { useCan } from '../lib/session.js';
import { Button } from './button.js';
import { Card } from './card.js';
import { FormError } from './field.js';
import { WatermarkForm } from './watermark-form.js';

/**
 * Where the next incremental run starts — the cursor and key values of the last row applied — with
 * an edit (set it by hand) and a reset (the next run reads from the beginning). Shown for
 * incremental modes only.
 */
export function WatermarkCard({ sync }: { sync: SyncDto }) {
  const canReset = useCan('syncs.resetWatermark');
  const canSet = useCan('syncs.setWatermark');
  const [editing, setEditing] = useState(false);
  const utils = trpc.useUtils();
  const [error, setError] = useState<string | null>(null);
  const reset = trpc.syncs.resetWatermark.useMutation({
    onSuccess: async () => {
      setError(null);
      await utils.syncs.get.invalidate({ id: sync.id });
    },
    onError: (failure) => setError(messageOf(failure)),
  });
  const watermark = sync.watermark;
  const active =
    sync.lastRun?.status === 'running' || sync.lastRun?.status === 'pending' || sync.lastRun?.status === 'queued';
  return (
    <Card
      title="Watermark"
      actions={
        editing ? null : (
          <div className="flex gap-1">
            {canSet ? (
              <Button
                size="sm"
                variant="ghost"
                disabled={active}
                title={active ? 'A run is active; change the watermark once it has finished.' : undefined}
                onClick={() => setEditing(true)}
              >
                Edit watermark
              </Button>
            ) : null}
            {canReset && watermark ? (
              <Button
                size="sm"
                variant="ghost"
                busy={reset.isPending}
                disabled={active}
                onClick={() => reset.mutate({ id: sync.id })}
              >
                Reset watermark
              </Button>
            ) : null}
          </div>
        )
      }
    >
      <div className="space-y-2 p-4 text-sm sm:px-5" data-testid="watermark">
        {editing ? (
          <WatermarkForm sync={sync} onDone={() => setEditing(false)} />
        ) : watermark ? (
          <p>
            Next run reads rows after <code className="font-mono">{sync.cursorColumn}</code> ={' '}
            <code className="font-mono" data-testid="watermark-cursor">
              {watermark.cursor}
            </code>
            {watermark.key.length > 0 ? (
              <>
                {' '}
                (key <code className="font-mono">{watermark.key.join(', ')}</code>)
              </>
            ) : null}
            .
          </p>
        ) : (
          <p className="text-slate-500">No watermark yet: the next run reads every row.</p>
        )}
        <FormError message={error} />
      </div>
    </Card>
  );
}
