import type { Blocker } from '@remix-run/react';
import { ConfirmDialog } from './confirm-dialog.js';

/** The question the unsaved-changes guard asks when a navigation is held. */
export function UnsavedChangesDialog({ blocker }: { blocker: Blocker }) {
  return (
    <ConfirmDialog
      open={blocker.state === 'blocked'}
      title="Leave without saving?"
      confirmLabel="Leave and discard"
      onConfirm={() => blocker.proceed?.()}
      onClose={() => blocker.reset?.()}
      cancelLabel="Stay on this page"
    >
      What you typed on this page has not been saved and will be lost.
    </ConfirmDialog>
  );
}
