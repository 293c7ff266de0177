import { useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { formatBytes, formatCount } from '../lib/format.js';
import { useSorted } from '../lib/sort.js';
import type { ConnectionDto, RouterOutputs } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { ButtonLink } from './button.js';
import { Card } from './card.js';
import { DataTable } from './data-table.js';
import { EmptyState } from './empty-state.js';
import { TextField } from './field.js';
import { QueryState } from './query-state.js';
import { SortableHeader } from './sortable-header.js';

type TableInfo = RouterOutputs['discovery']['tables'][number];

const TABLE_SORT = {
  name: (t: TableInfo) => t.name,
  rows: (t: TableInfo) => t.rowEstimate,
  size: (t: TableInfo) => t.sizeBytes,
};

/** Where the sync form opens, prefilled with this connection, schema and table as its source. */
function newSyncHref(connectionId: string, schema: string, table: string): string {
  return `/syncs/new?${new URLSearchParams({ source: connectionId, schema, table }).toString()}`;
}

/**
 * A connection's schemas → tables (kind, row estimate, size) → columns (type, null, key, default),
 * with a filter and "sync this table". The chosen schema and table live in the URL, so Back works
 * and a view can be linked.
 */
export function DiscoveryBrowser({ connection }: { connection: ConnectionDto }) {
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const schemas = trpc.discovery.schemas.useQuery({ connectionId: connection.id });
  const schemaList = schemas.data ?? [];
  const schema = params.get('schema') ?? (schemaList.includes('public') ? 'public' : (schemaList[0] ?? null)) ?? null;
  const table = params.get('table');

  function choose(next: { schema: string; table?: string | null }) {
    const search = new URLSearchParams(params);
    search.set('schema', next.schema);
    if (next.table) search.set('table', next.table);
    else search.delete('table');
    setParams(search, { preventScrollReset: true });
    if (next.schema !== schema) setSelected(new Set());
  }

  return (
    <div className="space-y-4">
      <TextField
        label="Filter tables and columns"
        type="search"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        placeholder="e.g. customer"
        autoComplete="off"
        spellCheck={false}
        hint={
          !connection.listAllSchemas && schemaList.length === 1 && schemaList[0] === connection.database
            ? 'Only this connection’s database is listed; edit the connection to browse every database on the server.'
            : undefined
        }
      />
      <div className="grid gap-4 lg:grid-cols-[14rem_1fr]">
        <Card title="Schemas">
          <QueryState query={schemas} loadingLabel="Loading schemas…" errorTitle="Could not list the schemas">
            {(list) => (
              <ul className="max-h-96 overflow-y-auto p-2" aria-label="Schemas">
                {list.map((name) => (
                  <li key={name}>
                    <button
                      type="button"
                      onClick={() => choose({ schema: name })}
                      aria-current={name === schema ? 'true' : undefined}
                      className={`w-full truncate rounded-md px-2.5 py-1.5 text-left font-mono text-sm ${
                        name === schema ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700 hover:bg-slate-100'
                      }`}
                    >
                      {name}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </Card>
        {schema ? (
          <div className="min-w-0 space-y-4">
            <TablesPanel
              connection={connection}
              schema={schema}
              filter={filter}
              openTable={table}
              onOpen={(name) => choose({ schema, table: name })}
              selected={selected}
              onSelect={setSelected}
            />
            {table ? <ColumnsPanel connection={connection} schema={schema} table={table} filter={filter} /> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function TablesPanel({
  connection,
  schema,
  filter,
  openTable,
  onOpen,
  selected,
  onSelect,
}: {
  connection: ConnectionDto;
  schema: string;
  filter: string;
  openTable: string | null;
  onOpen: (table: string) => void;
  selected: ReadonlySet<string>;
  onSelect: (next: ReadonlySet<string>) => void;
}) {
  const tables = trpc.discovery.tables.useQuery({ connectionId: connection.id, schema });
  const needle = filter.trim().toLowerCase();
  const visible = (tables.data ?? []).filter((t) => needle === '' || t.name.toLowerCase().includes(needle));
  const { sorted, sort, toggle } = useSorted(visible, TABLE_SORT, 'name');
  const chosen = [...selected].filter((name) => visible.some((t) => t.name === name));

  function flip(name: string) {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    onSelect(next);
  }

  return (
    <Card
      title={`Tables in ${schema}`}
      actions={
        connection.isSource && chosen.length > 0 ? (
          <span className="text-xs text-slate-500">{chosen.length} selected</span>
        ) : null
      }
    >
      <QueryState
        query={tables}
        loadingLabel="Loading tables…"
        errorTitle="Could not list the tables"
        empty={<EmptyState title="No tables" description={`Schema ${schema} has no tables or views.`} />}
      >
        {() =>
          visible.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500 sm:px-5">No table matches “{filter}”.</p>
          ) : (
            <>
              <DataTable
                caption={`Tables in ${schema}`}
                head={
                  <>
                    {connection.isSource ? (
                      <th scope="col" className="w-8 py-2.5 pl-4 sm:pl-5">
                        <span className="sr-only">Select</span>
                      </th>
                    ) : null}
                    <SortableHeader column="name" sort={sort} onSort={toggle}>
                      Table
                    </SortableHeader>
                    <th scope="col" className="px-4 py-2.5">
                      Kind
                    </th>
                    <SortableHeader column="rows" sort={sort} onSort={toggle} className="text-right">
                      Rows (est.)
                    </SortableHeader>
                    <SortableHeader column="size" sort={sort} onSort={toggle} className="text-right">
                      Size
                    </SortableHeader>
                  </>
                }
              >
                {sorted.map((t) => (
                  <tr key={t.name} className={t.name === openTable ? 'bg-indigo-50/60' : 'hover:bg-slate-50/60'}>
                    {connection.isSource ? (
                      <td className="py-2 pl-4 sm:pl-5">
                        <input
                          type="checkbox"
                          className="size-4 accent-indigo-600"
                          checked={selected.has(t.name)}
                          onChange={() => flip(t.name)}
                          aria-label={`Select ${t.name}`}
                        />
                      </td>
                    ) : null}
                    <td className="px-4 py-2">
                      <button
                        type="button"
                        onClick={() => onOpen(t.name)}
                        aria-expanded={t.name === openTable}
                        className="font-mono text-sm text-slate-900 underline decoration-slate-300 underline-offset-2 hover:text-indigo-700"
                      >
                        {t.name}
                      </button>
                    </td>
                    <td className="px-4 py-2 text-xs text-slate-600">{t.kind}</td>
                    <td className="px-4 py-2 text-right tabular-nums text-slate-700">
                      {t.rowEstimate === null ? '—' : formatCount(t.rowEstimate)}
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums text-slate-700">
                      {t.sizeBytes === null ? '—' : formatBytes(t.sizeBytes)}
                    </td>
                  </tr>
                ))}
              </DataTable>
              {connection.isSource && chosen.length > 0 ? (
                <div
                  className="border-t border-slate-100 px-4 py-3 sm:px-5"
                  aria-label="Sync the selected tables"
                  role="group"
                >
                  <p className="mb-2 text-sm text-slate-700">
                    A sync copies one table. Set one up for each selected table (each opens the sync form, prefilled):
                  </p>
                  <ul className="flex flex-wrap gap-2">
                    {chosen.map((name) => (
                      <li key={name}>
                        <ButtonLink size="sm" to={newSyncHref(connection.id, schema, name)}>
                          Sync {name}
                        </ButtonLink>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </>
          )
        }
      </QueryState>
    </Card>
  );
}

function ColumnsPanel({
  connection,
  schema,
  table,
  filter,
}: {
  connection: ConnectionDto;
  schema: string;
  table: string;
  filter: string;
}) {
  const columns = trpc.discovery.columns.useQuery({ connectionId: connection.id, schema, table });
  const needle = filter.trim().toLowerCase();
  return (
    <Card
      title={`Columns of ${schema}.${table}`}
      actions={
        connection.isSource ? (
          <ButtonLink size="sm" variant="primary" to={newSyncHref(connection.id, schema, table)}>
            Sync this table
          </ButtonLink>
        ) : (
          <span className="text-xs text-slate-500">Not marked as a source</span>
        )
      }
    >
      <QueryState query={columns} loadingLabel="Loading columns…" errorTitle="Could not read the columns">
        {(list) => (
          <DataTable
            caption={`Columns of ${schema}.${table}`}
            head={
              <>
                <th scope="col" className="px-4 py-2.5 sm:pl-5">
                  Column
                </th>
                <th scope="col" className="px-4 py-2.5">
                  Type
                </th>
                <th scope="col" className="px-4 py-2.5">
                  Null
                </th>
                <th scope="col" className="px-4 py-2.5">
                  Key
                </th>
                <th scope="col" className="px-4 py-2.5">
                  Default
                </th>
              </>
            }
          >
            {list.map((c) => {
              const match = needle !== '' && c.name.toLowerCase().includes(needle);
              return (
                <tr key={c.name} className={match ? 'bg-amber-50' : undefined}>
                  <td className="px-4 py-1.5 font-mono text-sm text-slate-900 sm:pl-5">{c.name}</td>
                  <td className="px-4 py-1.5 font-mono text-xs text-slate-700">{c.nativeType}</td>
                  <td className="px-4 py-1.5 text-xs text-slate-700">{c.nullable ? 'yes' : 'no'}</td>
                  <td className="px-4 py-1.5 text-xs">
                    {c.primaryKeyPosition !== null ? (
                      <span className="rounded bg-amber-100 px-1 font-medium text-amber-900">
                        PK
                        {list.filter((x) => x.primaryKeyPosition !== null).length > 1 ? ` ${c.primaryKeyPosition}` : ''}
                      </span>
                    ) : null}
                  </td>
                  <td
                    className="max-w-48 truncate px-4 py-1.5 font-mono text-xs text-slate-600"
                    title={c.default ?? undefined}
                  >
                    {c.default ?? ''}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </QueryState>
    </Card>
  );
}
