import { useEffect, useId, useState } from 'react';
import { messageOf } from '../lib/app-error.js';
import { useDialectLabel } from '../lib/engine-terms.js';
import { formatCount } from '../lib/format.js';
import type { ConnectionDto } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { SelectField, TextField } from './field.js';

/** The schema select's last choice: type a name instead of picking one. */
const NEW_SCHEMA = '\u0000new-schema';

export interface Endpoint {
  connectionId: string;
  schema: string;
  table: string;
}

export interface SyncEndpointFieldsProps {
  side: 'source' | 'destination';
  connections: ConnectionDto[];
  value: Endpoint;
  onChange: (next: Endpoint) => void;
  errors: { connectionId?: string | undefined; schema?: string | undefined; table?: string | undefined };
}

/**
 * Connection → schema → table, each list loaded from discovery once its parent is chosen.
 * Changing a parent clears its children, so a stale schema never pairs with another connection.
 * The source table is picked from what exists; the destination table is free text with the
 * existing tables offered as suggestions, because a run may create it.
 */
export function SyncEndpointFields({ side, connections, value, onChange, errors }: SyncEndpointFieldsProps) {
  const isSource = side === 'source';
  const label = isSource ? 'Source' : 'Destination';
  const eligible = connections.filter((c) => (isSource ? c.isSource : c.isDestination) || c.id === value.connectionId);
  const datalistId = useId();
  // A destination may name a schema that does not exist yet (the run can create it): typed, not picked.
  const [typingSchema, setTypingSchema] = useState(false);
  const dialectLabel = useDialectLabel();

  const schemas = trpc.discovery.schemas.useQuery(
    { connectionId: value.connectionId },
    { enabled: value.connectionId !== '' },
  );
  const tables = trpc.discovery.tables.useQuery(
    { connectionId: value.connectionId, schema: value.schema },
    { enabled: value.connectionId !== '' && value.schema !== '' },
  );
  const columns = trpc.discovery.columns.useQuery(
    { connectionId: value.connectionId, schema: value.schema, table: value.table },
    { enabled: isSource && value.connectionId !== '' && value.schema !== '' && value.table !== '' },
  );

  const schemaOptions = schemas.data ?? [];
  // One schema to choose from (a MySQL connection's own database): choose it.
  const only = schemaOptions.length === 1 ? schemaOptions[0] : undefined;
  useEffect(() => {
    if (only !== undefined && value.schema === '' && !typingSchema) onChange({ ...value, schema: only });
  }, [only, value, typingSchema, onChange]);
  // Keep a saved schema visible while editing even if discovery cannot list it right now.
  const schemaList =
    value.schema && !schemaOptions.includes(value.schema) ? [value.schema, ...schemaOptions] : schemaOptions;
  const tableList = tables.data ?? [];
  const tableNames = tableList.map((t) => t.name);
  const sourceTableList = value.table && !tableNames.includes(value.table) ? [value.table, ...tableNames] : tableNames;

  return (
    <fieldset className="space-y-4">
      <legend className="text-sm font-semibold text-slate-900">{label}</legend>
      <SelectField
        label={`${label} connection`}
        value={value.connectionId}
        // The destination table is a name the user typed; it survives a change of connection.
        onChange={(e) => onChange({ connectionId: e.target.value, schema: '', table: isSource ? '' : value.table })}
        error={errors.connectionId}
        hint={eligible.length === 0 ? `No connection is marked as a ${side} yet.` : undefined}
      >
        <option value="">Choose a connection…</option>
        {eligible.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({dialectLabel(c.dialect)})
          </option>
        ))}
      </SelectField>

      <SelectField
        label={`${label} schema`}
        value={typingSchema ? NEW_SCHEMA : value.schema}
        disabled={value.connectionId === '' || schemas.isLoading}
        onChange={(e) => {
          if (e.target.value === NEW_SCHEMA) {
            setTypingSchema(true);
            onChange({ ...value, schema: '' });
            return;
          }
          setTypingSchema(false);
          onChange({ ...value, schema: e.target.value, table: isSource ? '' : value.table });
        }}
        error={typingSchema ? undefined : (errors.schema ?? (schemas.error ? messageOf(schemas.error) : undefined))}
        hint={schemas.isLoading ? 'Loading schemas…' : undefined}
      >
        <option value="">{value.connectionId === '' ? 'Choose a connection first' : 'Choose a schema…'}</option>
        {schemaList.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
        {!isSource && value.connectionId !== '' ? <option value={NEW_SCHEMA}>Another schema, by name…</option> : null}
      </SelectField>
      {typingSchema ? (
        <TextField
          label="New schema name"
          value={value.schema}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange({ ...value, schema: e.target.value })}
          error={errors.schema}
          hint="A schema (a database on MySQL) that does not exist yet: tick “Create this schema if it is missing” below."
        />
      ) : null}

      {isSource ? (
        <SelectField
          label={`${label} table`}
          value={value.table}
          disabled={value.schema === '' || tables.isLoading}
          onChange={(e) => onChange({ ...value, table: e.target.value })}
          error={errors.table ?? (tables.error ? messageOf(tables.error) : undefined)}
          hint={
            tables.isLoading
              ? 'Loading tables…'
              : value.schema !== '' && tables.isSuccess && tableList.length === 0
                ? 'This schema has no tables.'
                : undefined
          }
        >
          <option value="">{value.schema === '' ? 'Choose a schema first' : 'Choose a table…'}</option>
          {sourceTableList.map((name) => {
            const info = tableList.find((t) => t.name === name);
            const extra = info
              ? `${info.kind === 'view' ? ' (view)' : ''}${info.rowEstimate !== null ? ` · ~${formatCount(info.rowEstimate)} rows` : ''}`
              : '';
            return (
              <option key={name} value={name}>
                {name}
                {extra}
              </option>
            );
          })}
        </SelectField>
      ) : (
        <>
          <TextField
            label={`${label} table`}
            value={value.table}
            disabled={value.schema === ''}
            list={datalistId}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange({ ...value, table: e.target.value })}
            error={errors.table ?? (tables.error ? messageOf(tables.error) : undefined)}
            hint="Type a new name to have it created, or pick an existing table to replace its rows."
          />
          <datalist id={datalistId}>
            {tableList.map((t) => (
              <option key={t.name} value={t.name} />
            ))}
          </datalist>
        </>
      )}

      {isSource && value.table !== '' ? (
        <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" aria-live="polite">
          <p className="mb-1.5 text-xs font-medium text-slate-500">
            Columns of {value.schema}.{value.table}
          </p>
          {columns.isLoading ? (
            <p className="text-xs text-slate-500">Loading columns…</p>
          ) : columns.error ? (
            <p role="alert" className="text-xs text-rose-700">
              {messageOf(columns.error)}
            </p>
          ) : (
            <ul className="flex flex-wrap gap-1.5" aria-label="Source columns">
              {(columns.data ?? []).map((c) => (
                <li
                  key={c.name}
                  className="rounded bg-surface px-1.5 py-0.5 font-mono text-[11px] text-slate-700 ring-1 ring-slate-200"
                >
                  {c.name} <span className="text-slate-500">{c.nativeType}</span>
                  {c.primaryKeyPosition !== null ? <span className="ml-1 text-amber-700">PK</span> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </fieldset>
  );
}
