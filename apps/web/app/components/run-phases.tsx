import { formatDuration } from '../lib/format.js';
import { Time } from './time.js';
import type { RunDto } from '../lib/trpc.js';
import { DataTable } from './data-table.js';

type RunPhase = NonNullable<RunDto['phase']>;

/** Words for each step of a run; typed by the router's phase list, so a new step fails the typecheck here. */
const PHASE_LABELS: Record<RunPhase, string> = {
  connect: 'Connect',
  plan: 'Plan',
  lock: 'Wait for the table lock',
  create: 'Create or empty the table',
  copy: 'Copy rows',
  verify: 'Verify the count',
  commit: 'Swap / commit',
};

export function phaseLabel(phase: string): string {
  return Object.hasOwn(PHASE_LABELS, phase) ? PHASE_LABELS[phase as RunPhase] : phase;
}

/** A run's steps with their start and duration, and a bar for each step's share of the run. */
export function RunPhases({ run }: { run: RunDto }) {
  const total = run.phases.reduce((sum, step) => sum + (step.durationMs ?? 0), 0);
  const failedAt = run.status === 'failed' ? run.phases.at(-1)?.phase : undefined;
  return (
    <DataTable
      caption="Steps"
      head={
        <>
          <th scope="col" className="px-4 py-2 sm:pl-5">
            Step
          </th>
          <th scope="col" className="px-4 py-2">
            Started
          </th>
          <th scope="col" className="px-4 py-2 text-right">
            Took
          </th>
          <th scope="col" className="hidden w-1/3 px-4 py-2 sm:table-cell sm:pr-5">
            <span className="sr-only">Share of the run</span>
          </th>
        </>
      }
    >
      {run.phases.map((step, index) => {
        const current = step.durationMs === null && run.status === 'running';
        const failed = failedAt === step.phase && index === run.phases.length - 1;
        return (
          <tr key={`${step.phase}-${index}`} data-phase={step.phase}>
            <td className="px-4 py-2 sm:pl-5">
              <span className={failed ? 'font-medium text-rose-700' : 'text-slate-800'}>{phaseLabel(step.phase)}</span>
              {current ? <span className="ml-2 text-xs text-sky-700">under way…</span> : null}
              {failed ? <span className="ml-2 text-xs text-rose-700">failed here</span> : null}
            </td>
            <td className="px-4 py-2 text-xs whitespace-nowrap text-slate-600 tabular-nums">
              <Time date={step.startedAt} />
            </td>
            <td className="px-4 py-2 text-right text-xs text-slate-600 tabular-nums">
              {step.durationMs !== null ? formatDuration(step.durationMs) : '—'}
            </td>
            <td className="hidden px-4 py-2 sm:table-cell sm:pr-5">
              <div className="h-1.5 rounded-full bg-slate-100" aria-hidden="true">
                <div
                  className={`h-1.5 rounded-full ${failed ? 'bg-rose-400' : 'bg-indigo-400'}`}
                  style={{ width: `${total > 0 ? Math.max(1, ((step.durationMs ?? 0) * 100) / total) : 0}%` }}
                />
              </div>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
