import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Button } from './button.js';
import { FormError } from './field.js';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  /** Shown inside the dialog, e.g. why the server refused the deletion. */
  error?: string | null;
  /** More about the error, e.g. links to what blocks the action. */
  errorDetail?: ReactNode;
  /** `danger` (default) for destructive actions. */
  confirmVariant?: 'danger' | 'primary';
  /** The button that closes the dialog without acting; default "Cancel". */
  cancelLabel?: string;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * A modal confirmation on the native `<dialog>`: focus trapping, Escape to close and the
 * `dialog` role come with the platform.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy = false,
  error,
  errorDetail,
  confirmVariant = 'danger',
  cancelLabel = 'Cancel',
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="confirm-dialog-title"
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl bg-surface p-0 shadow-xl ring-1 ring-slate-200"
    >
      {open ? (
        <div className="p-5">
          <h2 id="confirm-dialog-title" className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {children ? <div className="mt-2 text-sm text-slate-600">{children}</div> : null}
          {error ? (
            <div className="mt-4">
              <FormError message={error} />
              {errorDetail ? <div className="mt-2 text-sm">{errorDetail}</div> : null}
            </div>
          ) : null}
          <div className="mt-5 flex justify-end gap-2">
            <Button onClick={onClose}>{cancelLabel}</Button>
            <Button variant={confirmVariant} busy={busy} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
