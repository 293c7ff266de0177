import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppErrorLike } from '../lib/app-error.js';
import { messageOf } from '../lib/app-error.js';
import { useFieldErrors } from '../lib/use-field-errors.js';
import { useFocusFirstInvalid } from '../lib/use-focus-first-invalid.js';
import type { ConnectionDto, RouterInputs, SyncDto } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { useDebouncedValue } from '../lib/use-debounced-value.js';
import { Button, ButtonLink } from './button.js';
import { Card } from './card.js';
import { FormError, SelectField, TextareaField, TextField } from './field.js';
import { SyncEndpointFields } from './sync-endpoint-fields.js';
import type { Endpoint } from './sync-endpoint-fields.js';
import { SyncPreview } from './sync-preview.js';

export type SyncInput = RouterInputs['syncs']['create'];

export interface SyncFormProps {
  connections: ConnectionDto[];
  /** The stored sync when editing; absent when creating. */
  sync?: SyncDto;
  busy: boolean;
  error: AppErrorLike | null;
  submitLabel: string;
  onSubmit: (input: SyncInput) => void;
}

const emptyEndpoint: Endpoint = { connectionId: '', schema: '', table: '' };

export function SyncForm({ connections, sync, busy, error, submitLabel, onSubmit }: SyncFormProps) {
  const [name, setName] = useState(sync?.name ?? '');
  const [description, setDescription] = useState(sync?.description ?? '');
  const [source, setSource] = useState<Endpoint>(
    sync ? { connectionId: sync.source.connectionId, schema: sync.source.schema, table: sync.source.table } : emptyEndpoint,
  );
  const [destination, setDestination] = useState<Endpoint>(
    sync ? { connectionId: sync.destination.connectionId, schema: sync.destination.schema, table: sync.destination.table } : emptyEndpoint,
  );

  const { errors: serverErrors, hasFieldErrors, markEdited } = useFieldErrors(error);
  const formError = error && !hasFieldErrors ? messageOf(error) : null;
  // The server says "Not a valid id." for an empty select; say what to do instead.
  const selectError = (field: string, value: string, friendly: string) => (serverErrors[field] && value === '' ? friendly : serverErrors[field]);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);

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
    if (next.table !== '' && next.table !== source.table && (destination.table === '' || destination.table === source.table)) {
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
    },
    350,
  );
  const ready = Object.values(planInput).every((v) => v !== '');
  const preview = trpc.syncs.preview.useQuery(planInput, { enabled: ready, retry: false, staleTime: 0 });

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({
      name: name.trim(),
      description: description.trim() === '' ? undefined : description.trim(),
      sourceConnectionId: source.connectionId,
      sourceSchema: source.schema,
      sourceTable: source.table,
      destinationConnectionId: destination.connectionId,
      destinationSchema: destination.schema,
      destinationTable: destination.table.trim(),
      writeMode: 'truncate_insert',
    });
  }

  return (
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
            error={serverErrors.name}
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
            error={serverErrors.description}
            hint="Optional. Why this sync exists, who relies on it."
          />
        </div>
      </Card>

      <Card title="Tables">
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
              connectionId: selectError('destinationConnectionId', destination.connectionId, 'Choose a destination connection.'),
              schema: selectError('destinationSchema', destination.schema, 'Choose a schema.'),
              table: selectError('destinationTable', destination.table.trim(), 'Name the destination table.'),
            }}
          />
        </div>
        <div className="border-t border-slate-100 px-4 py-4 sm:px-6">
          <SelectField label="Write mode" name="writeMode" value="truncate_insert" onChange={() => undefined} wrapperClassName="max-w-md" hint="The destination's rows are replaced in one transaction; until it commits, readers keep seeing the previous rows.">
            <option value="truncate_insert">Replace all rows (truncate + insert)</option>
          </SelectField>
        </div>
      </Card>

      <Card title="Preview">
        <SyncPreview ready={ready} loading={preview.isFetching && !preview.data} error={preview.error} plan={preview.data} />
      </Card>

      <FormError message={formError} />

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <ButtonLink to={sync ? `/syncs/${sync.id}` : '/syncs'}>Cancel</ButtonLink>
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
