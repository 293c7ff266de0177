import { messageOf, type AppErrorLike } from '../lib/app-error.js';
import type { SyncPlan } from '../lib/trpc.js';
import { Button } from './button.js';

/** Why a run of the previewed sync would stop: the preview's refusal, or the columns that do not match. */
export function stopReasonOf(error: AppErrorLike | null, plan: SyncPlan | undefined): string | null {
  if (error) return messageOf(error);
  if (plan && plan.mismatches.length > 0)
    return `The destination table does not match the source: ${plan.mismatches.map((m) => `${m.column} (${m.problem})`).join('; ')}.`;
  return null;
}

/**
 * Shown when Save is pressed while the preview says a run would stop: the reason, and an explicit
 * "Save anyway" (the table may be fixed before the first run, or a schema created by hand).
 */
export function SaveAnywayNotice({
  reason,
  busy,
  onSaveAnyway,
}: {
  reason: string;
  busy: boolean;
  onSaveAnyway: () => void;
}) {
  return (
    <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      <p className="font-medium">A run of this sync would stop:</p>
      <p className="mt-0.5">{reason}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button variant="danger" size="sm" busy={busy} onClick={onSaveAnyway}>
          Save anyway
        </Button>
        <span className="text-xs">or change the tables above.</span>
      </div>
    </div>
  );
}
