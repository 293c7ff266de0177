import { useBlocker, type BlockerFunction } from '@remix-run/react';
import { useCallback, useEffect, useRef } from 'react';

/**
 * Asks before a form with unsaved changes is left: in-app navigation is held by Remix's
 * `useBlocker` (the caller shows `blocker.state === 'blocked'` as a dialog and calls
 * `proceed()` or `reset()`), and closing or reloading the tab by the browser's own
 * `beforeunload` prompt. `allowLeaving()` lets the next navigation through, for the one after a
 * successful save. A router honours one blocker at a time, so pages (not forms) call this: a form
 * reports whether it is dirty (`onDirtyChange`), which also keeps a form inside a dialog out of it.
 */
export function useUnsavedChangesGuard(dirty: boolean) {
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const allowed = useRef(false);
  if (!dirty) allowed.current = false;

  const blocker = useBlocker(
    useCallback<BlockerFunction>(
      ({ currentLocation, nextLocation }) =>
        dirtyRef.current && !allowed.current && currentLocation.pathname !== nextLocation.pathname,
      [],
    ),
  );

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (allowed.current) return;
      event.preventDefault();
      // Older browsers show the prompt only when a value is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const allowLeaving = useCallback(() => {
    allowed.current = true;
  }, []);

  return { blocker, allowLeaving };
}
