import { Link } from '@remix-run/react';

/** The syncs using a connection, as links (a refusal to delete names them this way, too). */
export function UsedByLinks({ syncs }: { syncs: Array<{ id: string; name: string }> }) {
  if (syncs.length === 0) return <p className="text-sm text-slate-500">No sync uses this connection.</p>;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Syncs using this connection">
      {syncs.map((sync) => (
        <li key={sync.id}>
          <Link
            to={`/syncs/${sync.id}`}
            className="inline-block rounded bg-slate-100 px-2 py-0.5 text-sm text-slate-800 hover:bg-slate-200"
          >
            {sync.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
