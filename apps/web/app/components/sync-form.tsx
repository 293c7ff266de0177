import { createSyncInput } from '@pipecraft/api/schemas';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppErrorLike } from '../lib/app-error.js';
import { messageOf } from '../lib/app-error.js';
import { useFieldErrors } from '../lib/use-field-errors.js';
import { useFocusFirstInvalid } from '../lib/use-focus-first-invalid.js';
import { useWriteModes } from '../lib/engine-terms.js';
import type { ConnectionDto, RouterInputs, SyncDto, WriteModeName } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { useDebouncedValue } from '../lib/use-debounced-value.js';
import { validate } from '../lib/validate.js';
import { Button, ButtonLink } from './button.js';
import { Card } from './card.js';
import { CheckboxField, FormError, TextareaField, TextField } from './field.js';
import { ConnectionDialog } from './connection-dialog.js';
import { SaveAnywayNotice, stopReasonOf } from './save-anyway-notice.js';
import { SyncEndpointFields } from './sync-endpoint-fields.js';
import type { Endpoint } from './sync-endpoint-fields.js';
import { SyncPreview } from './sync-preview.js';
import { WriteModeField } from './write-mode-field.js';
import { WriteModeOptions } from './write-mode-options.js';
import type { ModeOptions } from './write-mode-options.js';
import { ColumnMappingField } from './column-mapping-field.js';

type SyncInput = RouterInputs['syncs']['create'];

export interface SyncFormProps {
  connections: ConnectionDto[];
  /** The stored sync when editing; absent when creating. */
  sync?: SyncDto;
  busy: boolean;
  error: AppErrorLike | null;
  submitLabel: string;
  onSubmit: (input: SyncInput) => void;
  /** A new sync's source, e.g. from "sync this table" on a connection page. */
  prefillSource?: Endpoint;
  /** Told whether anything differs from the stored (or blank) sync: the page guards leaving with it. */
  onDirtyChange?: (dirty: boolean) => void;
}

const emptyEndpoint: Endpoint = { connectionId: '', schema: '', table: '' };

export function SyncForm(props: SyncFormProps) {
  const { connections, sync, busy, error, submitLabel, onSubmit, prefillSource, onDirtyChange } = props;
  const [name, setName] = useState(sync?.name ?? '');
  const [description, setDescription] = useState(sync?.description ?? '');
  const [source, setSource] = useState<Endpoint>(
    sync
      ? { connectionId: sync.source.connectionId, schema: sync.source.schema, table: sync.source.table }
      : (prefillSource ?? emptyEndpoint),
  );
  const [destination, setDestination] = useState<Endpoint>(
    sync
      ? { connectionId: sync.destination.connectionId, schema: sync.destination.schema, table: sync.destination.table }
      : { ...emptyEndpoint, table: prefillSource?.table ?? '' },
  );
  const [createSchema, setCreateSchema] = useState(sync?.createDestinationSchema ?? false);
  const [retryCount, setRetryCount] = useState(String(sync?.retry.count ?? 0));
  const [retrySeconds, setRetrySeconds] = useState(String((sync?.retry.backoffMs ?? 30_000) / 1000));
  const [modeOptions, setModeOptions] = useState<ModeOptions>({
    keyColumns: sync?.keyColumns ?? null,
    cursorColumn: sync?.cursorColumn ?? null,
    lookbackSeconds: sync?.lookbackSeconds ?? null,
    deleteMissing: sync?.deleteMissing ?? 'keep',
    columnMapping: sync?.columnMapping ?? null,
    driftPolicy: sync?.driftPolicy ?? 'fail',
  });
  const [addingConnection, setAddingConnection] = useState(false);
  /** A checked input held back because the preview says the run would stop: "save anyway" sends it. */
  const [heldBack, setHeldBack] = useState<SyncInput | null>(null);
  const [initialShape] = useState(() =>
    JSON.stringify({ name, description, source, destination, createSchema, retryCount, retrySeconds, modeOptions }),
  );
  const dirty =
    JSON.stringify({ name, description, source, destination, createSchema, retryCount, retrySeconds, modeOptions }) !==
    initialShape;
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  const writeModes = useWriteModes();
  // Until the user picks one: the stored mode when editing, else the engine's first (its default).
  const [chosenWriteMode, setWriteMode] = useState<WriteModeName | undefined>(sync?.writeMode);
  const writeMode = chosenWriteMode ?? writeModes.data?.[0]?.name;
  const sourceReady = source.connectionId !== '' && source.schema !== '' && source.table !== '';
  const sourceColumns = trpc.discovery.columns.useQuery(
    { connectionId: source.connectionId, schema: source.schema, table: source.table },
    { enabled: sourceReady, retry: false },
  );

  const { errors: serverErrors, hasFieldErrors, markEdited: markServerErrorsEdited } = useFieldErrors(error);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...serverErrors, ...localErrors };
  const formError = error && !hasFieldErrors ? messageOf(error) : null;
  // The schema says "Not a valid id." for an empty select; say what to do instead.
  const selectError = (field: string, value: string, friendly: string) =>
    errors[field] && value === '' ? friendly : errors[field];
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);
  // Each submit the schema refuses here moves focus to the first bad field, like a server refusal.
  const [refusedSubmits, setRefusedSubmits] = useState(0);
  useFocusFirstInvalid(formRef, refusedSubmits);

  /** A message beside a field describes what is in it now: editing a field drops its messages. */
  function markEdited(...fields: string[]) {
    markServerErrorsEdited(...fields);
    setLocalErrors((previous) =>
      fields.some((f) => f in previous)
        ? Object.fromEntries(Object.entries(previous).filter(([f]) => !fields.includes(f)))
        : previous,
    );
  }

  function markEndpointEdited(side: 'source' | 'destination', before: Endpoint, after: Endpoint) {
    for (const key of ['connectionId', 'schema', 'table'] as const) {
      if (before[key] !== after[key]) markEdited(`${side}${key[0]!.toUpperCase()}${key.slice(1)}`);
    }
  }

  function changeDestination(next: Endpoint) {
    markEndpointEdited('destination', destination, next);
    setDestination(next);
  }

  function changeSource(next: Endpoint) {
    markEndpointEdited('source', source, next);
    // Offer the source table's name for the destination while the user has not chosen one.
    if (
      next.table !== '' &&
      next.table !== source.table &&
      (destination.table === '' || destination.table === source.table)
    ) {
      markEdited('destinationTable');
      setDestination((d) => ({ ...d, table: next.table }));
    }
    setSource(next);
  }

  const planInput = useDebouncedValue(
    {
      sourceConnectionId: source.connectionId,
      sourceSchema: source.schema,
      sourceTable: source.table,
      destinationConnectionId: destination.connectionId,
      destinationSchema: destination.schema,
      destinationTable: destination.table.trim(),
      createDestinationSchema: createSchema,
      ...(writeMode ? { writeMode } : {}),
      keyColumns: modeOptions.keyColumns,
      cursorColumn: modeOptions.cursorColumn,
      lookbackSeconds: modeOptions.lookbackSeconds,
      deleteMissing: modeOptions.deleteMissing,
      columnMapping: modeOptions.columnMapping,
      driftPolicy: modeOptions.driftPolicy,
    },
    350,
  );
  const ready = [
    planInput.sourceConnectionId,
    planInput.sourceSchema,
    planInput.sourceTable,
    planInput.destinationConnectionId,
    planInput.destinationSchema,
    planInput.destinationTable,
  ].every((v) => v !== '');
  // The same table on both sides: the preview's "columns match" would be nonsense next to the refusal.
  const sameTable =
    source.connectionId !== '' &&
    source.connectionId === destination.connectionId &&
    source.schema === destination.schema &&
    source.table !== '' &&
    source.table === destination.table.trim();
  const preview = trpc.syncs.preview.useQuery(planInput, { enabled: ready && !sameTable, retry: false, staleTime: 0 });
  // Why a run of what is typed would stop, as the preview says; saving it then needs "save anyway".
  const stopReason = ready && !sameTable && !preview.isFetching ? stopReasonOf(preview.error, preview.data) : null;

  /** A connection added in the dialog goes where it fits and is empty: the source first. */
  function placeNewConnection(connection: ConnectionDto) {
    setAddingConnection(false);
    if (connection.isSource && source.connectionId === '')
      changeSource({ connectionId: connection.id, schema: '', table: '' });
    else if (connection.isDestination && destination.connectionId === '')
      changeDestination({ ...destination, connectionId: connection.id, schema: '' });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const input: SyncInput = {
      name: name.trim(),
      description: description.trim() === '' ? undefined : description.trim(),
      sourceConnectionId: source.connectionId,
      sourceSchema: source.schema,
      sourceTable: source.table,
      destinationConnectionId: destination.connectionId,
      destinationSchema: destination.schema,
      destinationTable: destination.table.trim(),
      // Omitted while the modes are still loading: the server then applies its default, the first.
      ...(writeMode ? { writeMode } : {}),
      createDestinationSchema: createSchema,
      retryCount: Number(retryCount),
      retryBackoffMs: Math.round(Number(retrySeconds) * 1000),
      ...modeOptions,
    };
    // The router's own schema: one set of rules and messages for the browser and the server.
    const checked = validate(createSyncInput, input);
    if (!checked.ok) {
      setLocalErrors(checked.errors);
      setRefusedSubmits((n) => n + 1);
      return;
    }
    setLocalErrors({});
    if (stopReason) {
      setHeldBack(input);
      return;
    }
    setHeldBack(null);
    onSubmit(input);
  }

  return (
    <>
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-6">
        <Card title="About">
          <div className="grid gap-4 p-4 sm:p-6">
            <TextField
              label="Name"
              name="name"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                markEdited('name');
              }}
              error={errors.name}
              placeholder="e.g. Orders to the warehouse"
              autoComplete="off"
              autoFocus={!sync}
            />
            <TextareaField
              label="Description"
              name="description"
              rows={2}
              value={description}
              onChange={(e) => {
                setDescription(e.target.value);
                markEdited('description');
              }}
              error={errors.description}
              hint="Optional. Why this sync exists, who relies on it."
            />
          </div>
        </Card>

        <Card
          title="Tables"
          actions={
            <Button size="sm" variant="ghost" onClick={() => setAddingConnection(true)}>
              Add a connection…
            </Button>
          }
        >
          <div className="grid gap-8 p-4 sm:p-6 lg:grid-cols-2">
            <SyncEndpointFields
              side="source"
              connections={connections}
              value={source}
              onChange={changeSource}
              errors={{
                connectionId: selectError('sourceConnectionId', source.connectionId, 'Choose a source connection.'),
                schema: selectError('sourceSchema', source.schema, 'Choose a schema.'),
                table: selectError('sourceTable', source.table, 'Choose a table.'),
              }}
            />
            <SyncEndpointFields
              side="destination"
              connections={connections}
              value={destination}
              onChange={changeDestination}
              errors={{
                connectionId: selectError(
                  'destinationConnectionId',
                  destination.connectionId,
                  'Choose a destination connection.',
                ),
                schema: selectError('destinationSchema', destination.schema, 'Choose a schema.'),
                table: selectError('destinationTable', destination.table.trim(), 'Name the destination table.'),
              }}
            />
          </div>
          <div className="border-t border-slate-100 px-4 py-4 sm:px-6">
            <WriteModeField
              modes={writeModes}
              value={writeMode}
              error={errors.writeMode}
              onChange={(mode) => {
                setWriteMode(mode);
                markEdited('writeMode');
              }}
            />
            <div className="mt-4">
              <WriteModeOptions
                mode={writeMode}
                columns={sourceColumns.data}
                value={modeOptions}
                errors={errors}
                onChange={(change, fields) => {
                  setModeOptions((previous) => ({ ...previous, ...change }));
                  markEdited(...fields);
                }}
              />
            </div>
            <div className="mt-4">
              <CheckboxField
                label="Create this schema if it is missing"
                name="createDestinationSchema"
                hint="The destination schema above: the run creates it (a database on MySQL) before the table; the destination user needs the right to."
                checked={createSchema}
                onChange={(e) => setCreateSchema(e.target.checked)}
              />
            </div>
            <div className="mt-4 grid gap-4 sm:grid-cols-2">
              <TextField
                label="Retries after a transient failure"
                type="number"
                min={0}
                max={10}
                value={retryCount}
                error={errors.retryCount}
                hint="A lost connection, a lock or deadlock timeout. Never a rejected row or a missing table."
                onChange={(e) => {
                  setRetryCount(e.target.value);
                  markEdited('retryCount');
                }}
              />
              <TextField
                label="First retry after (seconds)"
                type="number"
                min={0}
                value={retrySeconds}
                error={errors.retryBackoffMs}
                hint="Doubles for each further attempt."
                onChange={(e) => {
                  setRetrySeconds(e.target.value);
                  markEdited('retryBackoffMs');
                }}
              />
            </div>
          </div>
        </Card>

        <Card title="Columns">
          <div className="p-4 sm:p-6">
            <ColumnMappingField
              columns={sourceColumns.data}
              value={modeOptions.columnMapping}
              error={errors.columnMapping}
              onChange={(columnMapping) => {
                setModeOptions((previous) => ({ ...previous, columnMapping }));
                markEdited('columnMapping');
              }}
            />
          </div>
        </Card>

        <Card title="Preview">
          <SyncPreview
            sameTable={sameTable}
            ready={ready}
            loading={preview.isFetching && !preview.data}
            error={preview.error}
            plan={preview.data}
          />
        </Card>

        <FormError message={formError} />
        {heldBack && stopReason ? (
          <SaveAnywayNotice reason={stopReason} busy={busy} onSaveAnyway={() => onSubmit(heldBack)} />
        ) : null}

        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <ButtonLink to={sync ? `/syncs/${sync.id}` : '/syncs'}>Cancel</ButtonLink>
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? 'Saving…' : submitLabel}
          </Button>
        </div>
      </form>
      {/* Outside the form: a form may not hold another. */}
      <ConnectionDialog
        open={addingConnection}
        onClose={() => setAddingConnection(false)}
        onCreated={placeNewConnection}
      />
    </>
  );
}
