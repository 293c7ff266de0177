import { useCallback, useState } from 'react';
import type { AppErrorLike } from './app-error.js';
import { fieldErrorsOf } from './app-error.js';

/**
 * The server's field errors, minus those of fields the user has changed since: a message beside
 * an input should describe what is in it now, not what was in it at the last submit.
 * A new error (the next failed submit) shows every field's message again.
 */
export function useFieldErrors(error: AppErrorLike | null) {
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [errorSeen, setErrorSeen] = useState(error);
  if (error !== errorSeen) {
    // Resetting state while rendering is React's documented way to derive state from a prop.
    setErrorSeen(error);
    setEdited(new Set());
  }

  const all = fieldErrorsOf(error);
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(all)) if (!edited.has(field)) errors[field] = message;

  const markEdited = useCallback((...fields: string[]) => {
    setEdited((previous) => (fields.every((f) => previous.has(f)) ? previous : new Set([...previous, ...fields])));
  }, []);

  return { errors, hasFieldErrors: Object.keys(all).length > 0, markEdited };
}
