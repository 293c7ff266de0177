import type { MetaFunction } from '@remix-run/node';
import { createWebhookInput, webhookEventSchema } from '@pipecraft/api/schemas';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { CheckboxField, FormError, TextField } from '../components/field.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { WebhookDeliveries } from '../components/webhook-deliveries.js';
import { messageOf } from '../lib/app-error.js';
import { useFieldErrors } from '../lib/use-field-errors.js';
import { trpc, type RouterOutputs } from '../lib/trpc.js';
import { validate } from '../lib/validate.js';

export const meta: MetaFunction = () => [{ title: 'Webhooks · PipeCraft' }];

type Webhook = RouterOutputs['webhooks']['list'][number];
type WebhookEvent = Webhook['events'][number];

const EVENT_TEXT: Record<WebhookEvent, { label: string; hint: string }> = {
  failure: { label: 'Failure', hint: 'A run failed.' },
  success: { label: 'Success', hint: 'A run succeeded.' },
  recovery: { label: 'Recovery', hint: "A run succeeded after the sync's previous run failed." },
};

export default function WebhooksPage() {
  const webhooks = trpc.webhooks.list.useQuery();
  const utils = trpc.useUtils();
  const [secret, setSecret] = useState<string | null>(null);
  const create = trpc.webhooks.create.useMutation({
    onSuccess: async (result) => {
      setSecret(result.secret);
      setValues({ name: '', url: '', events: ['failure'] });
      await utils.webhooks.list.invalidate();
    },
  });
  const [values, setValues] = useState<{ name: string; url: string; events: WebhookEvent[] }>({
    name: '',
    url: '',
    events: ['failure'],
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { errors: serverErrors } = useFieldErrors(create.error);
  const errors = { ...serverErrors, ...localErrors };

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(createWebhookInput, values);
    if (!checked.ok) return setLocalErrors(checked.errors);
    setLocalErrors({});
    setSecret(null);
    create.mutate(checked.data);
  }

  function toggle(event: WebhookEvent, on: boolean) {
    setValues((v) => ({
      ...v,
      events: on ? [...v.events, event] : v.events.filter((e) => e !== event),
    }));
  }

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="PipeCraft POSTs a signed JSON payload about each run to these endpoints. Check X-PipeCraft-Signature: sha256 HMAC of “timestamp.body” with the webhook's secret."
      />
      <Card title="New webhook" className="mb-6">
        <form onSubmit={submit} noValidate aria-label="New webhook" className="grid gap-4 p-4 sm:grid-cols-2 sm:p-5">
          <TextField
            label="Name"
            name="name"
            value={values.name}
            onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
            error={errors.name}
            placeholder="e.g. on-call pager"
          />
          <TextField
            label="URL"
            name="url"
            type="url"
            value={values.url}
            onChange={(e) => setValues((v) => ({ ...v, url: e.target.value }))}
            error={errors.url}
            placeholder="https://hooks.example.com/pipecraft"
          />
          <fieldset className="sm:col-span-2">
            <legend className="mb-2 text-sm font-medium text-slate-700">Send on</legend>
            <div className="flex flex-wrap gap-6">
              {webhookEventSchema.options.map((event) => (
                <CheckboxField
                  key={event}
                  label={EVENT_TEXT[event].label}
                  hint={EVENT_TEXT[event].hint}
                  checked={values.events.includes(event)}
                  onChange={(e) => toggle(event, e.target.checked)}
                />
              ))}
            </div>
            {errors.events ? <p className="mt-1 text-xs text-rose-700">{errors.events}</p> : null}
          </fieldset>
          <div className="sm:col-span-2">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Create webhook
            </Button>
            <FormError
              message={create.error && Object.keys(serverErrors).length === 0 ? messageOf(create.error) : null}
            />
          </div>
        </form>
        {secret ? (
          <div role="status" className="border-t border-slate-200 bg-emerald-50 p-4 text-sm sm:px-5">
            <p className="font-medium text-emerald-900">
              Copy the signing secret now: it is shown only once. The endpoint uses it to check each delivery.
            </p>
            <code
              aria-label="Signing secret"
              className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs ring-1 ring-emerald-200"
            >
              {secret}
            </code>
          </div>
        ) : null}
      </Card>
      <QueryState
        query={webhooks}
        loadingLabel="Loading webhooks…"
        errorTitle="Could not load webhooks"
        frame={(look) => <Card>{look}</Card>}
        empty={<EmptyState title="No webhooks yet" description="Create one above to hear about failed runs." />}
      >
        {(list) => (
          <div className="grid gap-6">
            {list.map((webhook) => (
              <WebhookCard key={webhook.id} webhook={webhook} />
            ))}
          </div>
        )}
      </QueryState>
    </>
  );
}

function WebhookCard({ webhook }: { webhook: Webhook }) {
  const utils = trpc.useUtils();
  const refresh = async () => {
    await Promise.all([
      utils.webhooks.list.invalidate(),
      utils.webhooks.deliveries.invalidate({ webhookId: webhook.id }),
    ]);
  };
  const test = trpc.webhooks.test.useMutation({ onSettled: refresh });
  const update = trpc.webhooks.update.useMutation({ onSuccess: refresh });
  const remove = trpc.webhooks.delete.useMutation({ onSuccess: () => utils.webhooks.list.invalidate() });
  const [confirming, setConfirming] = useState(false);
  const lastTest = test.data;
  return (
    <>
      <ConfirmDialog
        open={confirming}
        title={`Delete webhook “${webhook.name}”?`}
        confirmLabel="Delete webhook"
        busy={remove.isPending}
        error={remove.error ? messageOf(remove.error) : null}
        onConfirm={() => remove.mutate({ id: webhook.id })}
        onClose={() => setConfirming(false)}
      >
        Its endpoint hears nothing more from PipeCraft, and its delivery records go with it.
      </ConfirmDialog>
      <Card
        title={webhook.name}
        actions={
          <div className="flex flex-wrap gap-2">
            <Button size="sm" busy={test.isPending} onClick={() => test.mutate({ id: webhook.id })}>
              Send test
            </Button>
            <Button
              size="sm"
              busy={update.isPending}
              onClick={() => update.mutate({ id: webhook.id, enabled: !webhook.enabled })}
            >
              {webhook.enabled ? 'Pause' : 'Resume'}
            </Button>
            <Button
              size="sm"
              variant="danger"
              aria-label={`Delete ${webhook.name}`}
              onClick={() => setConfirming(true)}
            >
              Delete
            </Button>
          </div>
        }
      >
        <div className="space-y-1 px-4 py-3 text-sm sm:px-5">
          <p className="font-mono text-xs break-all text-slate-700">{webhook.url}</p>
          <p className="text-xs text-slate-500">
            On {webhook.events.map((event) => EVENT_TEXT[event].label.toLowerCase()).join(', ')}
            {webhook.enabled ? '' : ' · paused'}
          </p>
          {lastTest ? (
            <p
              role="status"
              className={`text-xs ${lastTest.status === 'delivered' ? 'text-emerald-700' : 'text-rose-700'}`}
            >
              Test {lastTest.status}
              {lastTest.responseCode !== null ? ` (HTTP ${lastTest.responseCode})` : ''}
              {lastTest.lastError ? `: ${lastTest.lastError}` : ''}
            </p>
          ) : null}
          {test.error ? <FormError message={messageOf(test.error)} /> : null}
        </div>
        <WebhookDeliveries webhookId={webhook.id} />
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
