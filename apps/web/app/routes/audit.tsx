import type { MetaFunction } from '@remix-run/node';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { TextField } from '../components/field.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { Time } from '../components/time.js';
import { trpc, type RouterOutputs } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Audit log · PipeCraft' }];

type AuditEvent = RouterOutputs['audit']['list']['items'][number];
const PAGE_SIZE = 50;

/** `2026-11-27` from a date input → the start (or end) of that day, local time. */
function dayBound(value: string, end: boolean): Date | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}T00:00:00`);
  if (end) date.setDate(date.getDate() + 1);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export default function AuditPage() {
  const [draft, setDraft] = useState({ actor: '', action: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const [cursor, setCursor] = useState(0);
  const events = trpc.audit.list.useQuery({
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(dayBound(filters.from, false) ? { from: dayBound(filters.from, false) } : {}),
    ...(dayBound(filters.to, true) ? { to: dayBound(filters.to, true) } : {}),
    limit: PAGE_SIZE,
    cursor,
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    setCursor(0);
    setFilters(draft);
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, when and from where: sign-ins, changes to connections, syncs, users and tokens, and runs started. Entries cannot be changed or deleted."
      />
      <Card className="mb-6">
        <form onSubmit={apply} className="grid gap-4 p-4 sm:grid-cols-5 sm:items-end sm:p-6" aria-label="Filters">
          <TextField
            label="Actor"
            name="actor"
            value={draft.actor}
            placeholder="email"
            onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))}
          />
          <TextField
            label="Action"
            name="action"
            value={draft.action}
            placeholder="e.g. connection"
            onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
          />
          <TextField
            label="From"
            name="from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          />
          <TextField
            label="To"
            name="to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          />
          <Button type="submit" variant="primary">
            Filter
          </Button>
        </form>
      </Card>
      <Card>
        <QueryState
          query={events}
          loadingLabel="Loading the audit log…"
          errorTitle="Could not load the audit log"
          isEmpty={(page) => page.items.length === 0}
          empty={<EmptyState title="No entries" description="Nothing matches these filters." />}
        >
          {(page) => (
            <>
              <DataTable
                caption="Audit log"
                head={
                  <>
                    <th scope="col" className="px-4 py-2">
                      When
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Actor
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Action
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Target
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Changes
                    </th>
                    <th scope="col" className="px-4 py-2">
                      From
                    </th>
                  </>
                }
              >
                {page.items.map((event) => (
                  <AuditRow key={event.id} event={event} />
                ))}
              </DataTable>
              <div className="flex items-center justify-between border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
                <span>
                  {cursor + 1}–{cursor + page.items.length} of {page.total}
                </span>
                <span className="flex gap-2">
                  <Button size="sm" disabled={cursor === 0} onClick={() => setCursor(Math.max(0, cursor - PAGE_SIZE))}>
                    Newer
                  </Button>
                  <Button
                    size="sm"
                    disabled={page.nextCursor === null}
                    onClick={() => setCursor(page.nextCursor ?? cursor)}
                  >
                    Older
                  </Button>
                </span>
              </div>
            </>
          )}
        </QueryState>
      </Card>
    </>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const changes = Object.entries(event.changes ?? {});
  return (
    <tr className="align-top">
      <td className="whitespace-nowrap px-4 py-2">
        <Time date={event.at} />
      </td>
      <td className="px-4 py-2">{event.actorEmail ?? '—'}</td>
      <td className="px-4 py-2 font-mono text-xs">{event.action}</td>
      <td className="px-4 py-2 text-xs text-slate-600">
        {event.targetType ? `${event.targetType} ${event.targetId?.slice(0, 8) ?? ''}` : '—'}
      </td>
      <td className="px-4 py-2 text-xs">
        {changes.length === 0 ? (
          '—'
        ) : (
          <ul className="space-y-0.5">
            {changes.map(([field, change]) => (
              <li key={field}>
                <span className="font-medium">{field}</span>: {show(change.before)} → {show(change.after)}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="px-4 py-2 text-xs text-slate-500">{event.ip ?? '—'}</td>
    </tr>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
