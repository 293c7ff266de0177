import { useEffect, useRef } from 'react';
import { useDialects } from '../lib/engine-terms.js';
import type { ConnectionDto } from '../lib/trpc.js';
import { trpc } from '../lib/trpc.js';
import { ConnectionForm } from './connection-form.js';
import { QueryState } from './query-state.js';

export interface ConnectionDialogProps {
  open: boolean;
  onClose: () => void;
  /** The saved connection; the dialog closes itself after. */
  onCreated: (connection: ConnectionDto) => void;
}

/**
 * "New connection" on top of another form (the sync form), so that form keeps what was typed:
 * the native modal `<dialog>` (focus stays inside, Escape closes, focus returns to the opener).
 */
export function ConnectionDialog({ open, onClose, onCreated }: ConnectionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const dialects = useDialects();
  const utils = trpc.useUtils();
  const create = trpc.connections.create.useMutation({
    onSuccess: async (saved) => {
      await utils.connections.list.invalidate();
      onCreated({ ...saved, usedBy: [], lastRun: null });
    },
  });

  const { reset } = create;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      reset();
      dialog.showModal();
      // The platform focuses the first field (the optional URL); the name is where typing starts.
      dialog.querySelector<HTMLInputElement>('input[name="name"]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, reset]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="connection-dialog-title"
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-2xl overflow-y-auto rounded-xl bg-surface p-0 shadow-xl ring-1 ring-slate-200"
    >
      {open ? (
        <>
          <div className="border-b border-slate-100 px-4 pt-4 pb-3 sm:px-6">
            <h2 id="connection-dialog-title" className="text-base font-semibold text-slate-900">
              New connection
            </h2>
            <p className="mt-0.5 text-sm text-slate-600">Saved now; the sync form behind keeps what you typed.</p>
          </div>
          <QueryState query={dialects} errorTitle="Could not load the database types">
            {(list) => (
              <ConnectionForm
                dialects={list}
                submitLabel="Save connection"
                busy={create.isPending}
                error={create.error}
                onCancel={onClose}
                onSubmit={({ clearPassword: _unused, ...input }) => create.mutate(input)}
              />
            )}
          </QueryState>
        </>
      ) : null}
    </dialog>
  );
}
