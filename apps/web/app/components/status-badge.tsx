import type { RunStatus } from '../lib/trpc.js';

/** One look per status; typed by the router's status, so a new status fails the typecheck here. */
const looks: Record<RunStatus, { label: string; className: string; dot: string }> = {
  queued: { label: 'Queued', className: 'bg-amber-50 text-amber-800 ring-amber-200', dot: 'bg-amber-400' },
  pending: { label: 'Pending', className: 'bg-slate-100 text-slate-700 ring-slate-300', dot: 'bg-slate-400' },
  running: { label: 'Running', className: 'bg-sky-50 text-sky-800 ring-sky-200', dot: 'bg-sky-500 animate-pulse' },
  success: { label: 'Success', className: 'bg-emerald-50 text-emerald-800 ring-emerald-200', dot: 'bg-emerald-500' },
  failed: { label: 'Failed', className: 'bg-rose-50 text-rose-800 ring-rose-200', dot: 'bg-rose-500' },
  cancelled: { label: 'Cancelled', className: 'bg-zinc-100 text-zinc-700 ring-zinc-300', dot: 'bg-zinc-500' },
  skipped: { label: 'Skipped', className: 'bg-violet-50 text-violet-800 ring-violet-200', dot: 'bg-violet-400' },
};

/** A run's state at a glance; the text is the state itself so screen readers and tests read it. */
export function StatusBadge({ status }: { status: RunStatus }) {
  const look = looks[status];
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${look.className}`}
    >
      <span className={`size-1.5 rounded-full ${look.dot}`} aria-hidden="true" />
      {look.label}
    </span>
  );
}
