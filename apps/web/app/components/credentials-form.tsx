import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ZodType, ZodTypeDef } from 'zod';
import type { AppErrorLike } from '../lib/app-error.js';
import { messageOf } from '../lib/app-error.js';
import { useFieldErrors } from '../lib/use-field-errors.js';
import { useFocusFirstInvalid } from '../lib/use-focus-first-invalid.js';
import { validate } from '../lib/validate.js';
import { Button } from './button.js';
import { FormError, TextField } from './field.js';

export interface CredentialsFormProps<T> {
  /** Ask for a display name too (setup, new user). */
  withName: boolean;
  /** The API's input schema for this form. */
  schema: ZodType<T, ZodTypeDef, unknown>;
  submitLabel: string;
  busy: boolean;
  error: AppErrorLike | null;
  passwordHint?: string;
  onSubmit: (input: T) => void;
}

/** Email (+ name) + password, validated with the API's own schema: the setup and sign-in pages. */
export function CredentialsForm<T>({
  withName,
  schema,
  submitLabel,
  busy,
  error,
  passwordHint,
  onSubmit,
}: CredentialsFormProps<T>) {
  const [values, setValues] = useState({ email: '', name: '', password: '' });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { errors: serverErrors, hasFieldErrors, markEdited } = useFieldErrors(error);
  const errors = { ...serverErrors, ...localErrors };
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);
  const formError = error && (!hasFieldErrors || errors.password === undefined) ? messageOf(error) : null;

  function set(key: keyof typeof values, value: string) {
    setValues((v) => ({ ...v, [key]: value }));
    markEdited(key);
    setLocalErrors(({ [key]: _dropped, ...rest }) => rest);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = withName ? values : { email: values.email, password: values.password };
    const checked = validate(schema, input);
    if (!checked.ok) {
      setLocalErrors(checked.errors);
      return;
    }
    setLocalErrors({});
    onSubmit(checked.data);
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4 p-4 sm:p-6">
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        value={values.email}
        onChange={(e) => set('email', e.target.value)}
        error={errors.email}
      />
      {withName ? (
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          error={errors.name}
        />
      ) : null}
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete={withName ? 'new-password' : 'current-password'}
        value={values.password}
        onChange={(e) => set('password', e.target.value)}
        error={errors.password}
        hint={passwordHint}
      />
      <FormError message={formError} />
      <Button type="submit" variant="primary" busy={busy} className="w-full">
        {submitLabel}
      </Button>
    </form>
  );
}
