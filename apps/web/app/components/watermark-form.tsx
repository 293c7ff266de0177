import { watermarkSchema } from '@pipecraft/api/schemas';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { fieldErrorsOf, messageOf } from '../lib/app-error.js';
import type { SyncDto } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { validate } from '../lib/validate.js';
import { Button } from './button.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { FormError, TextField } from './field.js';
import { useToast } from './toast.js';

type Watermark = NonNullable<SyncDto['watermark']>;

/**
 * Set where the next incremental run starts, by hand: the cursor value and one value per key
 * column (the tiebreak between rows with the same cursor). Checked with the API's own schema
 * here, and by the server against the source's column types; a confirmation says what it means.
 */
export function WatermarkForm({ sync, onDone }: { sync: SyncDto; onDone: () => void }) {
  const { names: keyNames, loading: readingKeys } = useKeyNames(sync);
  const [cursor, setCursor] = useState(sync.watermark?.cursor ?? '');
  const [key, setKey] = useState<string[]>(sync.watermark?.key ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Watermark | null>(null);
  const toast = useToast();
  const utils = trpc.useUtils();
  const save = trpc.syncs.setWatermark.useMutation({
    onSuccess: async () => {
      setConfirming(null);
      toast({ tone: 'success', title: 'Watermark set', description: 'The next run starts after it.' });
      await utils.syncs.get.invalidate({ id: sync.id });
      onDone();
    },
    onError: (failure) => {
      setConfirming(null);
      // The router's zod errors are keyed `watermark.cursor`, `watermark.key.0`; the engine's check `watermark`.
      const fields: Record<string, string> = {};
      let general: string | null = null;
      for (const [field, message] of Object.entries(fieldErrorsOf(failure))) {
        const local = field.replace(/^watermark\.?/, '');
        if (local === '') general = message;
        else fields[local] = message;
      }
      setErrors(fields);
      setFormError(general ?? (Object.keys(fields).length === 0 ? messageOf(failure) : null));
    },
  });

  // One value per key column: the names when known, else as many as the current watermark has.
  const slots = keyNames ?? key.map((_, index) => `key value ${index + 1}`);
  const values = slots.map((_, index) => key[index] ?? '');

  const edited = (field: string) => {
    setFormError(null);
    setErrors((previous) => {
      if (!(field in previous)) return previous;
      const next = { ...previous };
      delete next[field];
      return next;
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(watermarkSchema, { cursor, key: values });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setFormError(null);
    setConfirming(checked.data);
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Set the watermark" className="space-y-3">
      <TextField
        label={`Cursor value (${sync.cursorColumn ?? 'cursor'})`}
        name="cursor"
        value={cursor}
        error={errors.cursor}
        hint="As text, e.g. 1500 or 2024-01-31 12:00:00; the server checks it against the column's type."
        autoComplete="off"
        onChange={(event) => {
          setCursor(event.target.value);
          edited('cursor');
        }}
      />
      {slots.map((name, index) => (
        <TextField
          key={name}
          label={`Key value (${name})`}
          name={`key.${index}`}
          value={values[index]}
          error={errors[`key.${index}`]}
          autoComplete="off"
          onChange={(event) => {
            const next = [...values];
            next[index] = event.target.value;
            setKey(next);
            edited(`key.${index}`);
          }}
        />
      ))}
      {readingKeys ? <p className="text-xs text-slate-500">Reading the source&apos;s key columns…</p> : null}
      <FormError message={errors.key ?? formError} />
      <div className="flex justify-end gap-2">
        <Button size="sm" onClick={onDone}>
          Cancel
        </Button>
        <Button size="sm" type="submit" variant="primary">
          Save watermark
        </Button>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        title="Set the watermark?"
        confirmLabel="Set watermark"
        confirmVariant="primary"
        busy={save.isPending}
        onConfirm={() => confirming && save.mutate({ id: sync.id, watermark: confirming })}
        onClose={() => setConfirming(null)}
      >
        {confirming ? (
          <p>
            The next run reads only rows after <code className="font-mono">{sync.cursorColumn}</code> ={' '}
            <code className="font-mono">{confirming.cursor}</code>
            {confirming.key.length > 0 ? (
              <>
                {' '}
                (key <code className="font-mono">{confirming.key.join(', ')}</code>)
              </>
            ) : null}
            . Rows at or before it are not read again.
          </p>
        ) : null}
      </ConfirmDialog>
    </form>
  );
}

/**
 * The columns a watermark's key values belong to: the sync's key columns, else the source's
 * primary key (as the engine chooses); `names` is `null` while (or when failing) reading the source.
 */
function useKeyNames(sync: SyncDto): { names: string[] | null; loading: boolean } {
  const chosen = sync.keyColumns && sync.keyColumns.length > 0 ? sync.keyColumns : null;
  const columns = trpc.discovery.columns.useQuery(
    { connectionId: sync.source.connectionId, schema: sync.source.schema, table: sync.source.table },
    { enabled: chosen === null, retry: false },
  );
  if (chosen) return { names: chosen, loading: false };
  if (!columns.data) return { names: null, loading: columns.isPending };
  const names = columns.data
    .filter((column) => column.primaryKeyPosition !== null)
    .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0))
    .map((column) => column.name);
  return { names, loading: false };
}
