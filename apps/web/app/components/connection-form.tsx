import { createConnectionInput, testDraftInput } from '@pipecraft/api/schemas';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppErrorLike } from '../lib/app-error.js';
import { messageOf } from '../lib/app-error.js';
import { trpc } from '../lib/trpc.js';
import { useFieldErrors } from '../lib/use-field-errors.js';
import { useFocusFirstInvalid } from '../lib/use-focus-first-invalid.js';
import type { ConnectionDto, DialectInfo, DialectName, RouterInputs } from '../lib/trpc.js';
import { validate } from '../lib/validate.js';
import { parseConnectionUrl, type TlsModeName } from '../lib/connection-url.js';
import { Button, ButtonLink } from './button.js';
import { CheckboxField, FormError, SelectField, TextareaField, TextField } from './field.js';
import { ConnectionTestResult } from './connection-test-result.js';

type ConnectionInput = RouterInputs['connections']['create'] & { clearPassword?: boolean };

/** The TLS choices, strongest last, with what each one checks. */
const TLS_CHOICES: Array<{ value: TlsModeName; label: string }> = [
  { value: 'disable', label: 'Off (plain TCP)' },
  { value: 'require', label: 'Require (encrypt, no certificate check)' },
  { value: 'verify-ca', label: 'Verify CA (certificate signed by the CA below)' },
  { value: 'verify-full', label: 'Verify full (CA and host name)' },
];

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
  listAllSchemas: boolean;
  /** A pasted connection URL; filling the fields is all it does (never sent). */
  connectionUrl: string;
  tlsMode: TlsModeName;
  tlsCaCert: string;
  tlsClientCert: string;
  tlsClientKey: string;
  useSsh: boolean;
  sshHost: string;
  sshPort: string;
  sshUser: string;
  sshHostKeyFingerprint: string;
  sshPrivateKey: string;
  sshPassphrase: string;
  sshPassword: string;
}

const BLANK_EXTRAS = {
  connectionUrl: '',
  tlsCaCert: '',
  tlsClientCert: '',
  tlsClientKey: '',
  sshPrivateKey: '',
  sshPassphrase: '',
  sshPassword: '',
};

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
      listAllSchemas: false,
      ...BLANK_EXTRAS,
      tlsMode: 'disable',
      useSsh: false,
      sshHost: '',
      sshPort: '22',
      sshUser: '',
      sshHostKeyFingerprint: '',
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
    listAllSchemas: connection.listAllSchemas,
    ...BLANK_EXTRAS,
    tlsMode: connection.tlsMode,
    useSsh: connection.ssh !== null,
    sshHost: connection.ssh?.host ?? '',
    sshPort: String(connection.ssh?.port ?? 22),
    sshUser: connection.ssh?.user ?? '',
    sshHostKeyFingerprint: connection.ssh?.hostKeyFingerprint ?? '',
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
  /** Inside a dialog: Cancel closes it (instead of going back to the list). */
  onCancel?: () => void;
  /** Told whether the values differ from the stored (or blank) ones: the page guards leaving with it. */
  onDirtyChange?: (dirty: boolean) => void;
}

export function ConnectionForm(props: ConnectionFormProps) {
  const { connection, dialects, busy, error, submitLabel, onSubmit, onCancel, onDirtyChange } = props;
  const [initial] = useState<Values>(() => initialValues(dialects, connection));
  const [values, setValues] = useState<Values>(initial);
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(initial), [values, initial]);
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  const testDraft = trpc.connections.testDraft.useMutation();
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

  /** A pasted URL fills the fields it names (and nothing else); an unreadable one changes nothing. */
  function pasteUrl(text: string) {
    set('connectionUrl', text);
    const parsed = parseConnectionUrl(text);
    if (!parsed) return;
    const { dialect, ...fields } = parsed;
    if (dialect !== values.dialect) changeDialect(dialect);
    setValues((v) => ({ ...v, ...fields }));
    markEdited(...(Object.keys(fields) as Array<keyof Values>));
  }

  /** The values as the API takes them; `ssh` undefined: no tunnel and nothing to change, null: remove it. */
  function toInput() {
    // undefined: no tunnel and nothing to change; null: remove the stored tunnel.
    const sshInput = values.useSsh
      ? {
          host: values.sshHost.trim(),
          port: values.sshPort,
          user: values.sshUser.trim(),
          hostKeyFingerprint: values.sshHostKeyFingerprint.trim(),
          ...(values.sshPrivateKey.trim() ? { privateKey: values.sshPrivateKey } : {}),
          ...(values.sshPassphrase ? { passphrase: values.sshPassphrase } : {}),
          ...(values.sshPassword ? { password: values.sshPassword } : {}),
        }
      : editing && connection?.ssh
        ? null
        : undefined;
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
      tlsMode: values.tlsMode,
      // Blank PEM fields keep what is stored (or mean none on create).
      ...(values.tlsCaCert.trim() ? { tlsCaCert: values.tlsCaCert } : {}),
      ...(values.tlsClientCert.trim() ? { tlsClientCert: values.tlsClientCert } : {}),
      ...(values.tlsClientKey.trim() ? { tlsClientKey: values.tlsClientKey } : {}),
      listAllSchemas: values.listAllSchemas,
      ssh: sshInput,
    };
    return { input, sshInput };
  }

  /** Tests what is typed now, saved or not; on edit, blank secrets are the stored ones. */
  function testTyped() {
    const { input } = toInput();
    const draft = {
      ...input,
      ...(connection ? { id: connection.id, name: input.name || undefined } : { name: input.name || undefined }),
      ...(editing && values.clearPassword && values.password === '' ? { clearPassword: true } : {}),
    };
    const checked = validate(testDraftInput, draft);
    if (!checked.ok) {
      setLocalErrors(checked.errors);
      setRefusedSubmits((n) => n + 1);
      return;
    }
    testDraft.mutate(checked.data);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { input, sshInput } = toInput();
    // The router's own schema, so the browser and the server apply one set of rules and messages.
    const checked = validate(createConnectionInput, input);
    if (!checked.ok) {
      setLocalErrors(checked.errors);
      setRefusedSubmits((n) => n + 1);
      return;
    }
    setLocalErrors({});
    // The schema's output: the ports as numbers; `ssh: null` (remove the tunnel) passes through.
    const { ssh: _sentSsh, ...fields } = input;
    onSubmit({
      ...fields,
      port: checked.data.port,
      ...(sshInput !== undefined ? { ssh: checked.data.ssh ?? null } : {}),
      ...(editing && values.clearPassword && values.password === '' ? { clearPassword: true } : {}),
    });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-6 p-4 sm:p-6">
      <TextField
        label="Connection URL (optional)"
        name="connectionUrl"
        value={values.connectionUrl}
        onChange={(e) => pasteUrl(e.target.value)}
        placeholder="postgresql://user:password@host:5432/database?sslmode=verify-full"
        hint="Paste a URL to fill the fields below; only the fields are saved."
        autoComplete="off"
        spellCheck={false}
      />

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

      <fieldset className="space-y-4">
        <legend className="mb-2 text-sm font-medium text-slate-700">Encryption (TLS)</legend>
        <SelectField
          label="TLS"
          name="tlsMode"
          value={values.tlsMode}
          onChange={(e) => set('tlsMode', e.target.value as TlsModeName)}
          error={errors.tlsMode}
          hint="Without TLS, PipeCraft refuses servers that ask for the password in cleartext."
        >
          {TLS_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        {values.tlsMode !== 'disable' ? (
          <>
            <TextareaField
              label="CA certificate (PEM)"
              name="tlsCaCert"
              rows={3}
              value={values.tlsCaCert}
              onChange={(e) => set('tlsCaCert', e.target.value)}
              error={errors.tlsCaCert}
              spellCheck={false}
              placeholder={connection?.hasTlsCaCert ? '(stored — leave blank to keep)' : '-----BEGIN CERTIFICATE-----'}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextareaField
                label="Client certificate (PEM, optional)"
                name="tlsClientCert"
                rows={3}
                value={values.tlsClientCert}
                onChange={(e) => set('tlsClientCert', e.target.value)}
                error={errors.tlsClientCert}
                spellCheck={false}
                placeholder={connection?.hasTlsClientCert ? '(stored — leave blank to keep)' : ''}
              />
              <TextareaField
                label="Client key (PEM, optional)"
                name="tlsClientKey"
                rows={3}
                value={values.tlsClientKey}
                onChange={(e) => set('tlsClientKey', e.target.value)}
                error={errors.tlsClientKey}
                spellCheck={false}
                placeholder={connection?.hasTlsClientKey ? '(stored — leave blank to keep)' : ''}
              />
            </div>
          </>
        ) : null}
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="mb-2 text-sm font-medium text-slate-700">SSH tunnel</legend>
        <CheckboxField
          label="Connect through an SSH bastion"
          name="useSsh"
          checked={values.useSsh}
          onChange={(e) => set('useSsh', e.target.checked)}
        />
        {values.useSsh ? (
          <>
            <div className="grid gap-4 sm:grid-cols-[1fr_8rem_1fr]">
              <TextField
                label="Bastion host"
                name="sshHost"
                value={values.sshHost}
                onChange={(e) => set('sshHost', e.target.value)}
                error={errors['ssh.host']}
                autoComplete="off"
              />
              <TextField
                label="SSH port"
                name="sshPort"
                inputMode="numeric"
                value={values.sshPort}
                onChange={(e) => set('sshPort', e.target.value)}
                error={errors['ssh.port']}
              />
              <TextField
                label="SSH user"
                name="sshUser"
                value={values.sshUser}
                onChange={(e) => set('sshUser', e.target.value)}
                error={errors['ssh.user']}
                autoComplete="off"
              />
            </div>
            <TextField
              label="Bastion host key fingerprint"
              name="sshHostKeyFingerprint"
              value={values.sshHostKeyFingerprint}
              onChange={(e) => set('sshHostKeyFingerprint', e.target.value)}
              error={errors['ssh.hostKeyFingerprint']}
              placeholder="SHA256:…"
              hint="As ssh-keygen -lf prints it for the bastion's host key. A bastion presenting another key is refused."
              spellCheck={false}
            />
            <TextareaField
              label="Private key"
              name="sshPrivateKey"
              rows={3}
              value={values.sshPrivateKey}
              onChange={(e) => set('sshPrivateKey', e.target.value)}
              error={errors['ssh.privateKey']}
              spellCheck={false}
              placeholder={
                connection?.ssh?.hasPrivateKey
                  ? '(stored — leave blank to keep)'
                  : '-----BEGIN OPENSSH PRIVATE KEY-----'
              }
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                label="Key passphrase"
                name="sshPassphrase"
                type="password"
                value={values.sshPassphrase}
                onChange={(e) => set('sshPassphrase', e.target.value)}
                autoComplete="new-password"
              />
              <TextField
                label="Or SSH password"
                name="sshPassword"
                type="password"
                value={values.sshPassword}
                onChange={(e) => set('sshPassword', e.target.value)}
                error={errors['ssh.password']}
                autoComplete="new-password"
                placeholder={connection?.ssh?.hasPassword ? '••••••• (stored)' : ''}
              />
            </div>
          </>
        ) : null}
      </fieldset>

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
          <p className="text-xs text-rose-600 dark:text-rose-400">{errors.isSource ?? errors.isDestination}</p>
        ) : null}
      </fieldset>

      <CheckboxField
        label="List every schema on the server"
        name="listAllSchemas"
        hint="Off: a MySQL connection shows only its own database when you browse or pick a schema. PostgreSQL always lists the schemas of its database."
        checked={values.listAllSchemas}
        onChange={(e) => set('listAllSchemas', e.target.checked)}
      />

      <FormError message={formError} />

      <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
        <div className="flex flex-wrap items-center gap-3">
          <Button busy={testDraft.isPending} onClick={testTyped}>
            {testDraft.isPending ? 'Testing…' : 'Test these settings'}
          </Button>
          <p className="text-xs text-slate-600">
            {editing
              ? 'Tests what is typed, before saving; blank secrets use the stored ones.'
              : 'Tests what is typed; nothing is saved.'}
          </p>
        </div>
        <div className="mt-2" aria-live="polite" data-testid="draft-test-result">
          {testDraft.data ? (
            <ConnectionTestResult result={{ ...testDraft.data, stale: false }} />
          ) : testDraft.error ? (
            <p role="alert" className="text-xs text-rose-700">
              {messageOf(testDraft.error)}
            </p>
          ) : null}
        </div>
      </div>

      <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-5 sm:flex-row sm:justify-end">
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : <ButtonLink to="/connections">Cancel</ButtonLink>}
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
