import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { appCodeOf, type AppErrorLike } from '../lib/app-error.js';
import type { SyncPlan } from '../lib/trpc.js';
import { ErrorNotice } from './error-notice.js';
import { Spinner } from './spinner.js';

export interface SyncPreviewProps {
  /** False while the form still lacks a source or destination table. */
  ready: boolean;
  loading: boolean;
  error: AppErrorLike | null;
  plan: SyncPlan | undefined;
  /** Source and destination are the same table: say so instead of comparing it with itself. */
  sameTable?: boolean;
}

/** What a run will do, before anything is saved: create or reuse the table, and what may be lost. */
export function SyncPreview({ ready, loading, error, plan, sameTable = false }: SyncPreviewProps) {
  const slow = useSlow(loading, 5000);
  if (sameTable) {
    return (
      <div className="p-4 sm:p-6">
        <Notice tone="bad" title="The destination is the source table itself.">
          A run would copy the table onto itself. Choose another destination table, schema or connection.
        </Notice>
      </div>
    );
  }
  if (!ready) {
    return (
      <p className="px-4 py-6 text-sm text-slate-500 sm:px-6">
        Choose a source table and a destination to see what a run will do.
      </p>
    );
  }
  if (loading) {
    return (
      <p role="status" className="flex items-center gap-2 px-4 py-6 text-sm text-slate-500 sm:px-6">
        <Spinner /> Working out what a run will do…
        {slow ? (
          <span className="text-amber-700">
            {' '}
            This is taking longer than usual: a database may be busy or waiting on a lock.
          </span>
        ) : null}
      </p>
    );
  }
  if (error) {
    return (
      <>
        <ErrorNotice title="Cannot plan this sync" error={error} />
        {appCodeOf(error) === 'SCHEMA_NOT_FOUND' ? (
          <p className="px-4 pb-4 text-sm text-slate-600 sm:px-6">
            Tick “Create this schema if it is missing” above to have the run create it.
          </p>
        ) : null}
      </>
    );
  }
  if (!plan) return null;

  return (
    <div className="space-y-4 p-4 sm:p-6" data-testid="sync-preview">
      {plan.createSchemaDdl ? (
        <Notice tone="info" title="The destination schema does not exist; the first run creates it:">
          <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 dark:bg-slate-50 dark:text-slate-800 dark:ring-1 dark:ring-slate-200">
            {plan.createSchemaDdl}
          </pre>
        </Notice>
      ) : null}
      {plan.destinationExists ? (
        plan.mismatches.length === 0 ? (
          <Notice tone="ok" title="The destination table exists and its columns match.">
            {plan.runs?.next ?? 'Each run replaces its rows in one transaction; readers never see it half-filled.'}
          </Notice>
        ) : (
          <Notice tone="bad" title="The destination table exists but does not match the source.">
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {plan.mismatches.map((m) => (
                <li key={m.column}>
                  <code className="font-mono">{m.column}</code>: {m.problem}
                </li>
              ))}
            </ul>
            <p className="mt-1">
              A run would stop before changing anything. Choose another table name, or fix the table.
            </p>
          </Notice>
        )
      ) : plan.mismatches.length > 0 ? (
        <Notice tone="bad" title="The destination table cannot be created as the source is named:">
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {plan.mismatches.map((m, index) => (
              <li key={`${index}-${m.column}`}>
                <code className="font-mono">{m.column}</code>: {m.problem}
              </li>
            ))}
          </ul>
          <p className="mt-1">A run would stop before changing anything. Rename the table or columns at the source.</p>
        </Notice>
      ) : (
        <Notice tone="info" title="The destination table will be created by the first run:">
          <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 dark:bg-slate-50 dark:text-slate-800 dark:ring-1 dark:ring-slate-200">
            {plan.createTableDdl}
          </pre>
        </Notice>
      )}

      {plan.runs && !(plan.destinationExists && plan.mismatches.length === 0) ? (
        <dl className="grid gap-1 text-sm text-slate-700" data-testid="mode-runs">
          <div>
            <dt className="inline font-medium">First run: </dt>
            <dd className="inline">{plan.runs.first}</dd>
          </div>
          <div>
            <dt className="inline font-medium">Following runs: </dt>
            <dd className="inline">{plan.runs.next}</dd>
          </div>
        </dl>
      ) : null}

      {plan.lossyColumns.length > 0 ? (
        <Notice
          tone="warn"
          title={`${plan.lossyColumns.length} column${plan.lossyColumns.length === 1 ? '' : 's'} cannot be copied exactly:`}
        >
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {plan.lossyColumns.map((c) => (
              <li key={c.column}>
                <code className="font-mono">{c.column}</code> ({c.sourceType} → {c.destinationType}): {c.reason}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}

      {/* Focusable: a phone scrolls this table sideways, and so must the keyboard. */}
      <div
        className="relative overflow-x-auto rounded-lg ring-1 ring-slate-200"
        tabIndex={0}
        role="region"
        aria-label="Column mapping"
      >
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Column mapping</caption>
          <thead className="bg-slate-50 text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Column
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Source type
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Destination type
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Null
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 font-mono">
            {plan.columns.map((c) => (
              <tr key={c.name}>
                <td className="px-3 py-1.5 text-slate-900">
                  {c.name}
                  {c.primaryKeyPosition !== null ? (
                    <span className="ml-1.5 rounded bg-amber-100 px-1 font-sans text-[10px] font-medium text-amber-800">
                      PK
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-1.5 text-slate-600">{c.sourceType}</td>
                <td className="px-3 py-1.5 text-slate-600">{c.destinationType}</td>
                <td className="px-3 py-1.5 text-slate-500">{c.nullable ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** True once `active` has lasted `afterMs`; a wait that long deserves a word, not just a spinner. */
function useSlow(active: boolean, afterMs: number): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    if (!active) return;
    const timer = setTimeout(() => setSlow(true), afterMs);
    return () => clearTimeout(timer);
  }, [active, afterMs]);
  return slow;
}

const tones = {
  ok: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  info: 'border-indigo-200 bg-indigo-50/60 text-indigo-950',
  warn: 'border-amber-200 bg-amber-50 text-amber-900',
  bad: 'border-rose-200 bg-rose-50 text-rose-900',
} as const;

function Notice({ tone, title, children }: { tone: keyof typeof tones; title: string; children?: ReactNode }) {
  return (
    <div className={`rounded-lg border p-3 text-sm ${tones[tone]}`}>
      <p className="font-medium">{title}</p>
      {children ? <div className="text-[13px] opacity-90">{children}</div> : null}
    </div>
  );
}
