import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

const control =
  'block w-full rounded-md border-0 bg-surface px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-500 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:ring-rose-400';

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string | undefined;
  children: ReactNode;
}

/** Label above, control, then the hint or the error beside it: one look for every form field. */
function FieldFrame({ id, label, hint, error, className, children }: FieldFrameProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** What every labelled control shares: an id (given or generated) and its ARIA links to the message below it. */
function useControlProps(givenId: string | undefined, error?: string, hint?: ReactNode) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
}

/** The props a labelled field adds to its native control's. */
interface FieldChromeProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  wrapperClassName?: string;
}

export type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & FieldChromeProps;

export function TextField({ label, hint, error, wrapperClassName, id, className, ...rest }: TextFieldProps) {
  const controlProps = useControlProps(id, error, hint);
  return (
    <FieldFrame id={controlProps.id} label={label} hint={hint} error={error} className={wrapperClassName}>
      <input {...controlProps} className={`${control} ${className ?? ''}`} {...rest} />
    </FieldFrame>
  );
}

export type TextareaFieldProps = TextareaHTMLAttributes<HTMLTextAreaElement> & FieldChromeProps;

export function TextareaField({ label, hint, error, wrapperClassName, id, className, ...rest }: TextareaFieldProps) {
  const controlProps = useControlProps(id, error, hint);
  return (
    <FieldFrame id={controlProps.id} label={label} hint={hint} error={error} className={wrapperClassName}>
      <textarea {...controlProps} className={`${control} ${className ?? ''}`} {...rest} />
    </FieldFrame>
  );
}

export type SelectFieldProps = SelectHTMLAttributes<HTMLSelectElement> & FieldChromeProps;

export function SelectField({
  label,
  hint,
  error,
  wrapperClassName,
  id,
  className,
  children,
  ...rest
}: SelectFieldProps) {
  const controlProps = useControlProps(id, error, hint);
  return (
    <FieldFrame id={controlProps.id} label={label} hint={hint} error={error} className={wrapperClassName}>
      <select {...controlProps} className={`${control} pr-8 ${className ?? ''}`} {...rest}>
        {children}
      </select>
    </FieldFrame>
  );
}

export interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  label: ReactNode;
  hint?: ReactNode;
}

export function CheckboxField({ label, hint, id: givenId, ...rest }: CheckboxFieldProps) {
  const controlProps = useControlProps(givenId, undefined, hint);
  const { id } = controlProps;
  return (
    <div className="flex items-start gap-2.5">
      <input
        {...controlProps}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 dark:text-indigo-300 accent-indigo-600"
        {...rest}
      />
      <div className="text-sm">
        <label htmlFor={id} className="font-medium text-slate-700">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** A form-level message (not tied to one input), e.g. a name clash or an unreachable server. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {message}
    </div>
  );
}
