import { Link } from '@remix-run/react';
import { Time } from './time.js';
import { trpc, type RouterOutputs } from '../lib/trpc.js';
import { DataTable } from './data-table.js';
import { EmptyState } from './empty-state.js';
import { QueryState } from './query-state.js';

type Delivery = RouterOutputs['webhooks']['deliveries']['items'][number];

const STATUS_LOOK: Record<Delivery['status'], string> = {
  pending: 'text-amber-700',
  delivered: 'text-emerald-700',
  failed: 'text-rose-700',
};

/** A webhook's latest deliveries: what was sent, how many attempts, what came back. Polls while one is pending. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const deliveries = trpc.webhooks.deliveries.useQuery(
    { webhookId, limit: 20 },
    {
      refetchInterval: (query) =>
        query.state.data?.items.some((delivery) => delivery.status === 'pending') ? 1000 : false,
    },
  );
  return (
    <QueryState
      query={deliveries}
      loadingLabel="Loading deliveries…"
      errorTitle="Could not load the deliveries"
      isEmpty={(page) => page.items.length === 0}
      empty={<EmptyState title="No deliveries yet" description="Send a test, or wait for a run it listens to." />}
    >
      {(page) => (
        <DataTable
          caption="Deliveries"
          head={
            <>
              <th scope="col" className="px-4 py-2 sm:pl-5">
                When
              </th>
              <th scope="col" className="px-4 py-2">
                Event
              </th>
              <th scope="col" className="px-4 py-2">
                Status
              </th>
              <th scope="col" className="px-4 py-2 text-right">
                Attempts
              </th>
              <th scope="col" className="px-4 py-2">
                Answer
              </th>
            </>
          }
        >
          {page.items.map((delivery) => (
            <tr key={delivery.id} data-delivery-id={delivery.id}>
              <td className="px-4 py-2 text-xs whitespace-nowrap text-slate-600 tabular-nums sm:pl-5">
                <Time date={delivery.createdAt} />
              </td>
              <td className="px-4 py-2 text-xs">
                {delivery.runId ? (
                  <Link to={`/runs/${delivery.runId}`} className="text-indigo-700 hover:underline">
                    {delivery.event}
                  </Link>
                ) : (
                  delivery.event
                )}
              </td>
              <td className={`px-4 py-2 text-xs font-medium ${STATUS_LOOK[delivery.status]}`}>{delivery.status}</td>
              <td className="px-4 py-2 text-right text-xs tabular-nums">{delivery.attempts}</td>
              <td className="px-4 py-2 text-xs text-slate-600">
                {delivery.responseCode !== null ? `HTTP ${delivery.responseCode}` : null}
                {delivery.lastError ? <span className="block text-rose-700">{delivery.lastError}</span> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </QueryState>
  );
}
