import type { MetaFunction } from '@remix-run/node';
import { createTokenInput, roleSchema } from '@pipecraft/api/schemas';
import { useState } from 'react';
import { useUnsavedChangesGuard } from '../lib/use-unsaved-changes-guard.js';
import { UnsavedChangesDialog } from '../components/unsaved-changes-dialog.js';
import type { FormEvent } from 'react';
import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { FormError, SelectField, TextField } from '../components/field.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { messageOf } from '../lib/app-error.js';
import { Time } from '../components/time.js';
import { useFieldErrors } from '../lib/use-field-errors.js';
import { trpc } from '../lib/trpc.js';
import { validate } from '../lib/validate.js';

export const meta: MetaFunction = () => [{ title: 'API tokens · PipeCraft' }];

export default function TokensPage() {
  const tokens = trpc.tokens.list.useQuery();
  const utils = trpc.useUtils();
  const [created, setCreated] = useState<string | null>(null);
  const create = trpc.tokens.create.useMutation({
    onSuccess: async (result) => {
      setCreated(result.token);
      setValues({ name: '', role: 'viewer', expiresInDays: '90' });
      await utils.tokens.list.invalidate();
    },
  });
  const revoke = trpc.tokens.revoke.useMutation({ onSuccess: () => utils.tokens.list.invalidate() });
  const [values, setValues] = useState({ name: '', role: 'viewer', expiresInDays: '90' });
  const guard = useUnsavedChangesGuard(
    JSON.stringify(values) !== JSON.stringify({ name: '', role: 'viewer', expiresInDays: '90' }),
  );
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { errors: serverErrors } = useFieldErrors(create.error);
  const errors = { ...serverErrors, ...localErrors };

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(createTokenInput, {
      name: values.name,
      role: values.role,
      expiresInDays: values.expiresInDays === '' ? null : Number(values.expiresInDays),
    });
    if (!checked.ok) return setLocalErrors(checked.errors);
    setLocalErrors({});
    setCreated(null);
    create.mutate(checked.data);
  }

  return (
    <>
      <PageHeader
        title="API tokens"
        description="For @pipecraft/client and scripts: send one as “Authorization: Bearer <token>”. A token acts as you, limited to the role you pick."
      />
      <Card className="mb-6">
        <form onSubmit={submit} noValidate className="grid gap-4 p-4 sm:grid-cols-4 sm:items-start sm:p-6">
          <TextField
            label="Token name"
            name="name"
            value={values.name}
            onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
            error={errors.name}
            placeholder="e.g. nightly CI"
          />
          <SelectField
            label="Role"
            name="role"
            value={values.role}
            onChange={(e) => setValues((v) => ({ ...v, role: e.target.value }))}
            error={errors.role}
          >
            {roleSchema.options.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Expires in (days)"
            name="expiresInDays"
            inputMode="numeric"
            value={values.expiresInDays}
            onChange={(e) => setValues((v) => ({ ...v, expiresInDays: e.target.value }))}
            error={errors.expiresInDays}
            hint="Empty: never expires."
          />
          <div className="sm:pt-6">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Create token
            </Button>
          </div>
          <div className="sm:col-span-4">
            <FormError
              message={create.error && Object.keys(serverErrors).length === 0 ? messageOf(create.error) : null}
            />
          </div>
        </form>
        {created ? (
          <div role="status" className="border-t border-slate-200 bg-emerald-50 p-4 text-sm sm:px-6">
            <p className="font-medium text-emerald-900">Copy this token now: it is shown only once.</p>
            <code
              aria-label="New token"
              className="mt-2 block break-all rounded bg-surface p-2 font-mono text-xs ring-1 ring-emerald-200"
            >
              {created}
            </code>
          </div>
        ) : null}
      </Card>
      <Card>
        <QueryState
          query={tokens}
          loadingLabel="Loading tokens…"
          errorTitle="Could not load tokens"
          empty={<EmptyState title="No tokens yet" description="Create one above for a script or another app." />}
        >
          {(list) => (
            <DataTable
              caption="API tokens"
              head={
                <>
                  <th scope="col" className="px-4 py-2">
                    Name
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Role
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Owner
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Expires
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Last used
                  </th>
                  <th scope="col" className="px-4 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </>
              }
            >
              {list.map((token) => (
                <tr key={token.id}>
                  <td className="px-4 py-2">
                    <div className="font-medium text-slate-900">{token.name}</div>
                    <div className="font-mono text-xs text-slate-500">{token.prefix}…</div>
                  </td>
                  <td className="px-4 py-2">{token.role}</td>
                  <td className="px-4 py-2">{token.ownerEmail}</td>
                  <td className="px-4 py-2">{token.expiresAt ? <Time date={token.expiresAt} /> : 'never'}</td>
                  <td className="px-4 py-2">{token.lastUsedAt ? <Time date={token.lastUsedAt} /> : 'never'}</td>
                  <td className="px-4 py-2 text-right">
                    {token.revokedAt ? (
                      <span className="text-xs text-slate-500">revoked</span>
                    ) : (
                      <Button
                        size="sm"
                        variant="danger"
                        busy={revoke.isPending && revoke.variables?.id === token.id}
                        onClick={() => revoke.mutate({ id: token.id })}
                        aria-label={`Revoke ${token.name}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryState>
      </Card>
      <UnsavedChangesDialog blocker={guard.blocker} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
