import { useEffect, useRef } from 'react';
import { formatCount } from '../lib/format.js';
import { isActive } from '../lib/live-polling.js';
import { useSessionUser } from '../lib/session.js';
import type { RunDto, RunStatus } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { useToast, type ToastInput } from './toast.js';

/** How often the app asks whether a run ended, wherever the user is. */
const RUN_END_POLL_MS = 3000;

/**
 * Raises a toast, with a link, when any run ends (success or failure) while the app is open, on
 * any page: started here, by someone else or by a script. The first answer is the baseline, so
 * runs that ended before the page opened stay quiet; a run first seen already ended counts as
 * ending now only if it was created after every run seen so far (it started and finished between
 * two polls). Older runs that move into the list — because a sync and its runs were deleted —
 * ended long ago and stay quiet.
 */
export function RunEndToasts() {
  const user = useSessionUser();
  const toast = useToast();
  const utils = trpc.useUtils();
  const recent = trpc.runs.recent.useQuery(
    { limit: 20 },
    { enabled: user !== null, refetchInterval: RUN_END_POLL_MS, staleTime: 0 },
  );
  const seen = useRef<Map<string, RunStatus> | null>(null);
  /** The newest `createdAt` (store time, ms) among the runs seen so far. */
  const newestSeen = useRef(0);

  useEffect(() => {
    const runs = recent.data;
    if (!runs) return;
    const newestBefore = newestSeen.current;
    for (const run of runs) newestSeen.current = Math.max(newestSeen.current, run.createdAt.getTime());
    if (seen.current === null) {
      seen.current = new Map(runs.map((run) => [run.id, run.status]));
      return;
    }
    let ended = false;
    for (const run of runs) {
      const before = seen.current.get(run.id);
      seen.current.set(run.id, run.status);
      if (isActive(run.status)) continue;
      const endedNow = before === undefined ? run.createdAt.getTime() > newestBefore : isActive(before);
      if (!endedNow) continue;
      ended = true;
      toast(runEndToast(run));
    }
    // Pages showing runs catch up at once instead of at their next poll.
    if (ended) void Promise.all([utils.syncs.invalidate(), utils.runs.get.invalidate(), utils.runs.list.invalidate()]);
  }, [recent.data, toast, utils]);

  return null;
}

function runEndToast(run: RunDto): ToastInput {
  const link = { to: `/syncs/${run.syncId}`, label: 'Open the sync' };
  if (run.status === 'success') {
    return {
      tone: 'success',
      title: `Run of “${run.syncName}” succeeded`,
      description: `${formatCount(run.rowCount ?? run.rowsCopied)} rows copied.`,
      link,
    };
  }
  if (run.status === 'failed') {
    return {
      tone: 'error',
      title: `Run of “${run.syncName}” failed`,
      description: run.error ? `${run.error.code}: ${run.error.message}` : undefined,
      link,
    };
  }
  return { tone: 'info', title: `Run of “${run.syncName}” ended: ${run.status}`, link };
}
