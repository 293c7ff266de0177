import { createConnectionInput } from '@pipecraft/api/schemas';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppErrorLike } from '../lib/app-error.js';
import { messageOf } from '../lib/app-error.js';
import { useFieldErrors } from '../lib/use-field-errors.js';
import { useFocusFirstInvalid } from '../lib/use-focus-first-invalid.js';
import type { ConnectionDto, DialectInfo, DialectName, RouterInputs } from '../lib/trpc.js';
import { validate } from '../lib/validate.js';
import { Button, ButtonLink } from './button.js';
import { CheckboxField, FormError, SelectField, TextField } from './field.js';

type ConnectionInput = RouterInputs['connections']['create'] & { clearPassword?: boolean };

interface Values {
  name: string;
  dialect: DialectName;
  host: string;
  port: string;
  database: string;
  username: string;
  password: string;
  clearPassword: boolean;
  isSource: boolean;
  isDestination: boolean;
}

/** A new connection starts on the engine's first dialect and its default port. */
function initialValues(dialects: DialectInfo[], connection?: ConnectionDto): Values {
  if (!connection) {
    const first = dialects[0];
    return {
      name: '',
      dialect: first?.name ?? ('' as DialectName),
      host: 'localhost',
      port: first ? String(first.defaultPort) : '',
      database: '',
      username: '',
      password: '',
      clearPassword: false,
      isSource: true,
      isDestination: true,
    };
  }
  return {
    name: connection.name,
    dialect: connection.dialect,
    host: connection.host,
    port: String(connection.port),
    database: connection.database,
    username: connection.username,
    password: '',
    clearPassword: false,
    isSource: connection.isSource,
    isDestination: connection.isDestination,
  };
}

export interface ConnectionFormProps {
  /** The stored connection when editing; absent when creating. */
  connection?: ConnectionDto;
  /** The engine's dialects (`meta.dialects`): the Type choices and their default ports. */
  dialects: DialectInfo[];
  busy: boolean;
  error: AppErrorLike | null;
  submitLabel: string;
  onSubmit: (input: ConnectionInput) => void;
}

export function ConnectionForm({ connection, dialects, busy, error, submitLabel, onSubmit }: ConnectionFormProps) {
  const [values, setValues] = useState<Values>(() => initialValues(dialects, connection));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { errors: serverErrors, hasFieldErrors, markEdited } = useFieldErrors(error);
  const errors = { ...serverErrors, ...localErrors };
  // A message without field errors (name taken, server unreachable) belongs above the buttons.
  const formError = error && !hasFieldErrors ? messageOf(error) : null;
  const editing = Boolean(connection);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);
  // A submit the schema refuses here moves focus to the first bad field, as a server refusal does.
  const [refusedSubmits, setRefusedSubmits] = useState(0);
  useFocusFirstInvalid(formRef, refusedSubmits);
  const defaultPort = (dialect: DialectName) => dialects.find((d) => d.name === dialect)?.defaultPort;

  function set<K extends keyof Values>(key: K, value: Values[K]) {
    setValues((v) => ({ ...v, [key]: value }));
    markEdited(key);
    setLocalErrors(({ [key]: _dropped, ...rest }) => rest);
  }

  function changeDialect(dialect: DialectName) {
    markEdited('dialect', 'port');
    setLocalErrors(({ dialect: _d, port: _p, ...rest }) => rest);
    setValues((v) => {
      // Follow the default port only while the user has not typed a port of their own.
      const portIsDefault = v.port === '' || v.port === String(defaultPort(v.dialect));
      const next = defaultPort(dialect);
      return { ...v, dialect, port: portIsDefault && next !== undefined ? String(next) : v.port };
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      name: values.name.trim(),
      dialect: values.dialect,
      host: values.host.trim(),
      port: values.port,
      database: values.database.trim(),
      username: values.username.trim(),
      // A blank password on edit keeps the stored one: the field is simply not sent.
      ...(values.password !== '' ? { password: values.password } : {}),
      isSource: values.isSource,
      isDestination: values.isDestination,
    };
    // The router's own schema, so the browser and the server apply one set of rules and messages.
    const checked = validate(createConnectionInput, input);
    if (!checked.ok) {
      setLocalErrors(checked.errors);
      setRefusedSubmits((n) => n + 1);
      return;
    }
    setLocalErrors({});
    onSubmit({
      ...input,
      port: checked.data.port,
      ...(editing && values.clearPassword && values.password === '' ? { clearPassword: true } : {}),
    });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-6 p-4 sm:p-6">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          error={errors.name}
          placeholder="e.g. Warehouse (prod)"
          autoComplete="off"
          autoFocus={!editing}
        />
        <SelectField
          label="Type"
          name="dialect"
          value={values.dialect}
          onChange={(e) => changeDialect(e.target.value as DialectName)}
          error={errors.dialect}
        >
          {dialects.map((d) => (
            <option key={d.name} value={d.name}>
              {d.label}
            </option>
          ))}
        </SelectField>
      </div>

      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <TextField
          label="Host"
          name="host"
          value={values.host}
          onChange={(e) => set('host', e.target.value)}
          error={errors.host}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label="Port"
          name="port"
          inputMode="numeric"
          value={values.port}
          onChange={(e) => set('port', e.target.value)}
          error={errors.port}
        />
      </div>

      <TextField
        label="Database"
        name="database"
        value={values.database}
        onChange={(e) => set('database', e.target.value)}
        error={errors.database}
        autoComplete="off"
        spellCheck={false}
      />

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Username"
          name="username"
          value={values.username}
          onChange={(e) => set('username', e.target.value)}
          error={errors.username}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          value={values.password}
          onChange={(e) => set('password', e.target.value)}
          error={errors.password}
          autoComplete="new-password"
          placeholder={editing && connection?.hasPassword ? '••••••• (stored)' : ''}
          hint={
            editing
              ? connection?.hasPassword
                ? 'Leave blank to keep the stored password.'
                : 'No password is stored.'
              : 'Stored encrypted; never shown again.'
          }
        />
      </div>

      {editing && connection?.hasPassword ? (
        <CheckboxField
          label="Remove the stored password"
          name="clearPassword"
          checked={values.clearPassword}
          disabled={values.password !== ''}
          onChange={(e) => set('clearPassword', e.target.checked)}
        />
      ) : null}

      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-medium text-slate-700">Use this connection as</legend>
        <CheckboxField
          label="Source"
          name="isSource"
          hint="Syncs may read tables from it."
          checked={values.isSource}
          onChange={(e) => set('isSource', e.target.checked)}
        />
        <CheckboxField
          label="Destination"
          name="isDestination"
          hint="Syncs may create and replace tables in it."
          checked={values.isDestination}
          onChange={(e) => set('isDestination', e.target.checked)}
        />
        {errors.isSource || errors.isDestination ? (
          <p className="text-xs text-rose-600">{errors.isSource ?? errors.isDestination}</p>
        ) : null}
      </fieldset>

      <FormError message={formError} />

      <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-5 sm:flex-row sm:justify-end">
        <ButtonLink to="/connections">Cancel</ButtonLink>
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
