import type { MetaFunction } from '@remix-run/node';
import { createUserInput, roleSchema } from '@pipecraft/api/schemas';
import { useState } from 'react';
import { useUnsavedChangesGuard } from '../lib/use-unsaved-changes-guard.js';
import { UnsavedChangesDialog } from '../components/unsaved-changes-dialog.js';
import type { FormEvent } from 'react';
import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { DataTable } from '../components/data-table.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { FormError, SelectField, TextField } from '../components/field.js';
import { PageHeader } from '../components/page-header.js';
import { QueryState } from '../components/query-state.js';
import { messageOf } from '../lib/app-error.js';
import { useSessionUser } from '../lib/session.js';
import { useFieldErrors } from '../lib/use-field-errors.js';
import { trpc } from '../lib/trpc.js';
import { validate } from '../lib/validate.js';

export const meta: MetaFunction = () => [{ title: 'Users · PipeCraft' }];

export default function UsersPage() {
  const me = useSessionUser();
  const users = trpc.users.list.useQuery();
  const utils = trpc.useUtils();
  const create = trpc.users.create.useMutation({
    onSuccess: async () => {
      setValues({ email: '', name: '', password: '', role: 'viewer' });
      await utils.users.list.invalidate();
    },
  });
  const update = trpc.users.update.useMutation({ onSuccess: () => utils.users.list.invalidate() });
  const [values, setValues] = useState({ email: '', name: '', password: '', role: 'viewer' });
  const guard = useUnsavedChangesGuard(
    JSON.stringify(values) !== JSON.stringify({ email: '', name: '', password: '', role: 'viewer' }),
  );
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { errors: serverErrors } = useFieldErrors(create.error);
  const errors = { ...serverErrors, ...localErrors };
  const set = (key: keyof typeof values, value: string) => setValues((v) => ({ ...v, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(createUserInput, values);
    if (!checked.ok) return setLocalErrors(checked.errors);
    setLocalErrors({});
    create.mutate(checked.data);
  }

  return (
    <>
      <PageHeader
        title="Users"
        description="viewer: read only · operator: also start runs · editor: also change connections and syncs · admin: everything."
      />
      <Card className="mb-6">
        <form
          onSubmit={submit}
          noValidate
          className="grid gap-4 p-4 sm:grid-cols-5 sm:items-start sm:p-6"
          aria-label="New user"
        >
          <TextField
            label="Email"
            name="email"
            type="email"
            value={values.email}
            onChange={(e) => set('email', e.target.value)}
            error={errors.email}
          />
          <TextField
            label="Name"
            name="name"
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            error={errors.name}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => set('password', e.target.value)}
            error={errors.password}
          />
          <SelectField
            label="Role"
            name="role"
            value={values.role}
            onChange={(e) => set('role', e.target.value)}
            error={errors.role}
          >
            {roleSchema.options.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </SelectField>
          <div className="sm:pt-6">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Add user
            </Button>
          </div>
          <div className="sm:col-span-5">
            <FormError
              message={create.error && Object.keys(serverErrors).length === 0 ? messageOf(create.error) : null}
            />
            <FormError message={update.error ? messageOf(update.error) : null} />
          </div>
        </form>
      </Card>
      <Card>
        <QueryState query={users} loadingLabel="Loading users…" errorTitle="Could not load users">
          {(list) => (
            <DataTable
              caption="Users"
              head={
                <>
                  <th scope="col" className="px-4 py-2">
                    User
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Role
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Status
                  </th>
                </>
              }
            >
              {list.map((user) => (
                <tr key={user.id}>
                  <td className="px-4 py-2">
                    <div className="font-medium text-slate-900">{user.name}</div>
                    <div className="text-xs text-slate-500">{user.email}</div>
                  </td>
                  <td className="px-4 py-2">
                    <select
                      aria-label={`Role of ${user.email}`}
                      className="rounded-md border-0 py-1 text-sm ring-1 ring-inset ring-slate-300"
                      value={user.role}
                      disabled={user.id === me?.id}
                      onChange={(e) => update.mutate({ id: user.id, role: roleSchema.parse(e.target.value) })}
                    >
                      {roleSchema.options.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="px-4 py-2">
                    {user.id === me?.id ? (
                      <span className="text-xs text-slate-500">you</span>
                    ) : (
                      <Button size="sm" onClick={() => update.mutate({ id: user.id, disabled: !user.disabled })}>
                        {user.disabled ? 'Enable' : 'Disable'}
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
